using System.Buffers;
using System.Text.Json;
using Autoscaler.Events;
using Autoscaler.Webhooks;

namespace Autoscaler.Push.Tests;

/// <summary>
/// The live-state snapshot a journal compaction writes: captured between two batches, built later on another thread
/// while deliveries and acks go on, and followed by what was journaled after the capture. Replaying both must give
/// exactly the live state, and the deliveries must not wait for the snapshot.
/// </summary>
public sealed class CompactionSnapshotTests
{
    private const long Now = 1_800_000_000_000;
    private const string Key = "scaledobjects/push/orders/orders";

    [Fact]
    public async Task SnapshotBuiltWhileDeliveriesAndAcksGoOn_DeliveriesNotBlocked_SnapshotPlusLaterRecordsReplayToTheLiveState()
    {
        var (state, settings) = Delivered(EventMetric.Pending, 5000);

        var snapshot = state.Snapshot(Now);
        var compacted = new List<JournalRecord>();
        using var building = snapshot.GetEnumerator();
        for (var i = 0; i < 100 && building.MoveNext(); i++)
        {
            compacted.Add(building.Current);
        }

        // The snapshot is half built (its first chunk of pending ids checked, the rest not): deliveries and acks from
        // another thread go through now. If building the snapshot held the trigger's lock, this would never finish.
        var later = await Task.Run(() =>
        {
            var records = Deliver(state, settings, Ids("b", 0, 2000));
            var acked = state.TakePending(Ids("a", 500, 1500).ToList(), 0, Now);
            records.AddRange(acked.Select(a => new JournalRecord(Key, JournalOp.Completed, 0, 0, null, a.Id, 0)));
            Assert.Equal(1000, acked.Count);
            return records;
        }).WaitAsync(TimeSpan.FromSeconds(60));

        while (building.MoveNext())
        {
            compacted.Add(building.Current);
        }

        // The compacted journal: the snapshot, then every batch journaled after the capture.
        var replayed = Replay(compacted.Concat(later), settings);
        Assert.Equal(5000 - 1000 + 2000, replayed.Read(Now));
        var live = Ids("a", 0, 500).Concat(Ids("a", 1500, 5000)).Concat(Ids("b", 0, 2000)).ToList();
        Assert.Equal(live.Count, replayed.TakePending(live, 0, Now).Count);
        Assert.Empty(replayed.TakePending(Ids("a", 500, 1500).ToList(), 0, Now));

        // Every id, live or acked, is still known: a redelivery is a duplicate.
        var fresh = new List<PushEvent>();
        Assert.True(replayed.TryReserve(Ids("a", 0, 5000).Concat(Ids("b", 0, 2000)).Select(Event).ToList(), fresh, out var duplicates));
        Assert.Empty(fresh);
        Assert.Equal(7000, duplicates);
    }

    [Fact]
    public async Task RateEventsCountedAfterTheCapture_CompactedAndReplayed_CountedOnce()
    {
        var (state, settings) = Delivered(EventMetric.Rate, 300);

        var snapshot = state.Snapshot(Now);
        var later = await Task.Run(() => Deliver(state, settings, Ids("b", 0, 120))).WaitAsync(TimeSpan.FromSeconds(60));

        var replayed = Replay(snapshot.ToList().Concat(later), settings);
        Assert.Equal(420 / 60.0, replayed.Read(Now), 9);
        Assert.Equal(state.Read(Now), replayed.Read(Now), 9);
    }

    [Fact]
    public void CapturedRange_QueueKeepsChanging_RangeStillReadsWhatWasCaptured()
    {
        var queue = new SnapshotQueue<int>();
        for (var i = 0; i < 10_000; i++)
        {
            queue.Enqueue(i);
        }

        for (var i = 0; i < 3000; i++)
        {
            Assert.Equal(i, queue.Dequeue());
        }

        var range = queue.Capture();
        for (var i = 10_000; i < 20_000; i++)
        {
            queue.Enqueue(i);
            queue.Dequeue();
        }

        Assert.Equal(Enumerable.Range(3000, 7000), range.Items());
        Assert.Equal(7000, queue.Count);
        Assert.True(queue.TryPeek(out var head));
        Assert.Equal(13_000, head);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void JobEventTakenAtTheCapture_ReturnedOrDoneAfterIt_SnapshotPlusLaterRecordsReplayToTheLiveState(bool jobCreated)
    {
        var settings = new TriggerSettings(EventMetric.Rate, true, 60, 3_600_000, 1_000, 0, 0);
        var state = new TriggerEvents(Key, 100_000) { Settings = settings };
        Deliver(state, settings, Ids("j", 0, 3));
        Assert.True(state.TryTakeJob(out var taken)); // its Job is being created when the compaction captures

        var snapshot = state.Snapshot(Now).ToList();
        var later = new List<JournalRecord>();
        if (jobCreated)
        {
            later.Add(new JournalRecord(Key, JournalOp.Completed, 0, 0, null, taken.Id, 0));
            state.CompletedJob(taken);
        }
        else
        {
            state.ReturnJob(taken); // the create failed: the event waits again, first
        }

        var replayed = Replay(snapshot.Concat(later), settings);
        Assert.Equal(state.QueuedJobs, replayed.QueuedJobs);
        Assert.Equal(jobCreated ? 2 : 3, replayed.QueuedJobs);
        Assert.True(replayed.TryTakeJob(out var first));
        Assert.Equal(jobCreated ? "j-1" : "j-0", first.Id);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PendingEventsTakenByAnAckAtTheCapture_AckDurableOrFailedAfterIt_SnapshotPlusLaterRecordsReplayToTheLiveState(bool ackDurable)
    {
        var (state, settings) = Delivered(EventMetric.Pending, 10);
        var byAge = state.TakePending(null, 3, Now); // the 3 oldest, their completion not yet journaled
        var byId = state.TakePending(["a-7"], 0, Now);

        var snapshot = state.Snapshot(Now).ToList();
        var later = new List<JournalRecord>();
        foreach (var taken in new[] { byAge, byId })
        {
            if (ackDurable)
            {
                later.AddRange(taken.Select(t => new JournalRecord(Key, JournalOp.Completed, 0, 0, null, t.Id, 0)));
                state.CompletedTaken(taken);
            }
            else
            {
                state.Restore(taken); // the ack's journal write failed: the events count again
            }
        }

        var replayed = Replay(snapshot.Concat(later), settings);
        Assert.Equal(ackDurable ? 6 : 10, state.Read(Now));
        Assert.Equal(state.Read(Now), replayed.Read(Now));
        Assert.Equal(ackDurable ? 0 : 4, replayed.TakePending(["a-0", "a-1", "a-2", "a-7"], 0, Now).Count);
    }

    private static IEnumerable<string> Ids(string prefix, int from, int to) => Enumerable.Range(from, to - from).Select(i => $"{prefix}-{i}");

    private static PushEvent Event(string id) => new(id, "order.created", new Dictionary<string, string>());

    /// <summary>A trigger (pending events live for an hour) after <paramref name="count"/> deliveries "a-0", "a-1", ...</summary>
    private static (TriggerEvents State, TriggerSettings Settings) Delivered(EventMetric metric, int count)
    {
        var settings = new TriggerSettings(metric, false, 60, 3_600_000, 1_000_000, 0, 0);
        var state = new TriggerEvents(Key, 100_000) { Settings = settings };
        Deliver(state, settings, Ids("a", 0, count));
        return (state, settings);
    }

    /// <summary>Reserves, journals (as the scaler forms the records) and applies one delivery per id.</summary>
    private static List<JournalRecord> Deliver(TriggerEvents state, TriggerSettings settings, IEnumerable<string> ids)
    {
        var records = new List<JournalRecord>();
        foreach (var id in ids)
        {
            var fresh = new List<PushEvent>();
            Assert.True(state.TryReserve([Event(id)], fresh, out _));
            var expires = settings.Op == JournalOp.Rate ? Now + (settings.WindowSeconds * 1000) : Now + settings.PendingTimeoutMs;
            records.AddRange(fresh.Select(e => new JournalRecord(Key, settings.Op, Now, expires, e, null, 0)));
            state.Apply(fresh, Now, settings);
        }

        return records;
    }

    /// <summary>A new trigger state replayed from the records, each written as a journal line and parsed back.</summary>
    private static TriggerEvents Replay(IEnumerable<JournalRecord> records, TriggerSettings settings)
    {
        var state = new TriggerEvents(Key, 100_000) { Settings = settings };
        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer);
        foreach (var record in records)
        {
            buffer.ResetWrittenCount();
            record.WriteTo(json, buffer);
            Assert.True(JournalRecord.TryParse(buffer.WrittenSpan[..^1], out var parsed));
            state.Replay(parsed, Now);
        }

        return state;
    }
}
