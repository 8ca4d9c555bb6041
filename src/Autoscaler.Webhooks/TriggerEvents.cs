using Autoscaler.Events;
using Autoscaler.Scaling;

namespace Autoscaler.Webhooks;

/// <summary>
/// The events of one push trigger: per-second counts for the rate, pending events, the queue of events waiting for
/// their Job, and the recent ids for idempotency. Outlives its scalers, so an edit of the object keeps its events.
/// Thread-safe.
/// </summary>
internal sealed class TriggerEvents
{
    private const int Buckets = 3601;
    private readonly Lock _lock = new();
    private readonly long[] _second = new long[Buckets];
    private readonly int[] _count = new int[Buckets];
    private readonly Dictionary<string, long> _pending = new(StringComparer.Ordinal);
    private readonly SnapshotQueue<(string Id, long Expires)> _pendingOrder = new();
    private readonly LinkedList<PushEvent> _jobs = new();

    // Taken but not yet done: Job events whose Job is being created, pending events whose ack is being journaled. A
    // compaction's snapshot writes them as still live (what is done follows it in the journal), so a take that ends
    // in a return or a restore after the capture is not written as completed and lost.
    private readonly List<PushEvent> _takenJobs = [];
    private readonly Dictionary<string, long> _takenPending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly SnapshotQueue<string> _seenOrder = new();
    private readonly int _dedupeCapacity;
    private int _reserved;
    private double _tokens = double.NaN;
    private long _lastRefill;
    private long _lastWake = long.MinValue;
    private int _trailingWake;
    private ITimer? _wakeTimer;

    public TriggerEvents(string key, int dedupeCapacity)
    {
        Key = key;
        _dedupeCapacity = dedupeCapacity;
        Array.Fill(_second, -1);
    }

    public string Key { get; }

    /// <summary>The current scaler's settings (the latest scaler built for this trigger).</summary>
    public TriggerSettings Settings { get; set; } = new(EventMetric.Rate, false, 60, 300_000, 10_000, 0, 0);

    /// <summary>The loop to wake when events arrive; set while a scaler of this trigger runs.</summary>
    public IPushNotifier? Notifier { get; set; }

    /// <summary>Events waiting for their Job.</summary>
    public int QueuedJobs
    {
        get
        {
            lock (_lock)
            {
                return _jobs.Count;
            }
        }
    }

    /// <summary>
    /// Wakes the object's loop. The first event after a quiet spell (and every event of a one-Job-per-event trigger)
    /// wakes it at once; while events stream in, wake-ups are coalesced to one per <see cref="WakeSpacing"/>, with a
    /// trailing one so the last events are never left for the next polling interval.
    /// </summary>
    public void Wake(TimeProvider time, bool immediate)
    {
        if (Notifier is not { } notifier)
        {
            return;
        }

        var now = time.GetTimestamp();
        var spacing = (long)(WakeSpacing.TotalSeconds * time.TimestampFrequency);
        var last = Interlocked.Read(ref _lastWake);
        if (immediate || last == long.MinValue || now - last >= spacing)
        {
            Interlocked.Exchange(ref _lastWake, now);
            notifier.Notify(true);
            return;
        }

        if (Interlocked.Exchange(ref _trailingWake, 1) == 0)
        {
            var delay = TimeSpan.FromSeconds(Math.Max(0, last + spacing - now) / (double)time.TimestampFrequency);
            _wakeTimer?.Dispose();
            _wakeTimer = time.CreateTimer(
                _ =>
                {
                    Interlocked.Exchange(ref _trailingWake, 0);
                    Interlocked.Exchange(ref _lastWake, time.GetTimestamp());
                    Notifier?.Notify(true);
                },
                null,
                delay,
                Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The shortest spacing of wake-ups while events stream in: 50 ms.</summary>
    public static readonly TimeSpan WakeSpacing = TimeSpan.FromMilliseconds(50);

    /// <summary>Takes one token of the rate limit, if one is configured.</summary>
    public bool TryAcquire(long nowMs)
    {
        var s = Settings;
        if (s.RateLimit <= 0)
        {
            return true;
        }

        lock (_lock)
        {
            if (double.IsNaN(_tokens))
            {
                _tokens = s.RateBurst;
                _lastRefill = nowMs;
            }

            _tokens = Math.Min(s.RateBurst, _tokens + ((nowMs - _lastRefill) * s.RateLimit / 1000.0));
            _lastRefill = nowMs;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens--;
            return true;
        }
    }

    /// <summary>
    /// Drops duplicates and reserves room for the rest. False when the bounded queue cannot take them all (nothing
    /// is reserved then). The ids are marked as seen at once, so a concurrent redelivery is a duplicate.
    /// </summary>
    public bool TryReserve(IReadOnlyList<PushEvent> events, List<PushEvent> fresh, out int duplicates)
    {
        var s = Settings;
        duplicates = 0;
        lock (_lock)
        {
            foreach (var e in events)
            {
                if (e.Id.Length > 0 && _seen.Contains(e.Id))
                {
                    duplicates++;
                    continue;
                }

                if (e.Id.Length > 0 && events.Count > 1 && ContainsId(fresh, e.Id))
                {
                    duplicates++;
                    continue;
                }

                fresh.Add(e);
            }

            var queued = s.JobPerEvent ? _jobs.Count : s.Metric == EventMetric.Pending ? _pending.Count : 0;
            if ((s.JobPerEvent || s.Metric == EventMetric.Pending) && queued + _reserved + fresh.Count > s.MaxQueued)
            {
                fresh.Clear();
                return false;
            }

            _reserved += fresh.Count;
            foreach (var e in fresh)
            {
                Remember(e.Id);
            }

            return true;
        }
    }

    /// <summary>
    /// Takes pending events out of the count: the ones of <paramref name="ids"/> that are still pending, or else the
    /// <paramref name="oldest"/> oldest pending ones. They stop counting at once (so concurrent acks never take the same
    /// event twice); <see cref="Restore"/> puts them back if the completion cannot be journaled.
    /// </summary>
    public List<(string Id, long Expires)> TakePending(IReadOnlyCollection<string>? ids, int oldest, long nowMs)
    {
        var taken = new List<(string Id, long Expires)>();
        lock (_lock)
        {
            if (ids is not null)
            {
                foreach (var id in ids)
                {
                    if (_pending.Remove(id, out var expires))
                    {
                        if (expires > nowMs)
                        {
                            taken.Add((id, expires));
                            _takenPending[id] = expires;
                        }
                    }
                }

                return taken;
            }

            // Oldest first from the front of the order queue, which is consumed as it goes: entries of events already
            // completed by id are skipped and dropped, expired ones are dropped with their events.
            while (taken.Count < oldest && _pendingOrder.TryDequeue(out var head))
            {
                if (!_pending.TryGetValue(head.Id, out var current) || current != head.Expires)
                {
                    continue;
                }

                _pending.Remove(head.Id);
                if (head.Expires > nowMs)
                {
                    taken.Add(head);
                    _takenPending[head.Id] = head.Expires;
                }
            }

            return taken;
        }
    }

    /// <summary>
    /// Forgets events taken by <see cref="TakePending"/> once their completion is durable. Runs on the journal's
    /// writer right after the batch (before any compaction captures), so no snapshot sees them as taken afterwards.
    /// </summary>
    public void CompletedTaken(List<(string Id, long Expires)> taken)
    {
        lock (_lock)
        {
            foreach (var (id, _) in taken)
            {
                _takenPending.Remove(id);
            }
        }
    }

    /// <summary>Puts back events taken by <see cref="TakePending"/> after their completion could not be journaled.</summary>
    public void Restore(List<(string Id, long Expires)> taken)
    {
        lock (_lock)
        {
            foreach (var (id, expires) in taken)
            {
                _takenPending.Remove(id);
                _pending[id] = expires;
                _pendingOrder.Enqueue((id, expires));
            }
        }
    }

    private static bool ContainsId(List<PushEvent> events, string id)
    {
        foreach (var e in events)
        {
            if (string.Equals(e.Id, id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Undoes <see cref="TryReserve"/> after the journal failed.</summary>
    public void Unreserve(List<PushEvent> fresh)
    {
        lock (_lock)
        {
            _reserved -= fresh.Count;
            foreach (var e in fresh)
            {
                _seen.Remove(e.Id);
            }
        }
    }

    /// <summary>Counts events that were written to the journal.</summary>
    public void Apply(List<PushEvent> fresh, long nowMs, TriggerSettings s)
    {
        lock (_lock)
        {
            _reserved -= fresh.Count;
            foreach (var e in fresh)
            {
                AddUnlocked(s.Op, e, nowMs, nowMs + (s.PendingTimeoutMs), 1);
            }
        }
    }

    /// <summary>Applies one journal record at start.</summary>
    public void Replay(JournalRecord r, long nowMs)
    {
        lock (_lock)
        {
            if (r.EventId is { Length: > 0 } id)
            {
                Remember(id);
            }

            switch (r.Op)
            {
                case JournalOp.Completed:
                    if (r.Id is { } done)
                    {
                        RemoveJob(done);
                        _pending.Remove(done);
                    }

                    break;
                case JournalOp.Job:
                    AddUnlocked(JournalOp.Job, r.Event!, r.Time, 0, 1);
                    break;
                case JournalOp.Pending when r.Expires > nowMs:
                    AddUnlocked(JournalOp.Pending, r.Event!, r.Time, r.Expires, 1);
                    break;
                case JournalOp.Rate or JournalOp.Count when r.Expires > nowMs:
                    AddUnlocked(JournalOp.Rate, r.Event, r.Time, r.Expires, Math.Max(1, r.Count));
                    break;
            }
        }
    }

    /// <summary>The metric under the current settings at <paramref name="nowMs"/>.</summary>
    public double Read(long nowMs)
    {
        var s = Settings;
        lock (_lock)
        {
            if (s.JobPerEvent)
            {
                return _jobs.Count;
            }

            if (s.Metric == EventMetric.Pending)
            {
                // Expiries are (almost) in arrival order: drop from the front, O(1) per event.
                while (_pendingOrder.TryPeek(out var head) && head.Expires <= nowMs)
                {
                    _pendingOrder.Dequeue();
                    if (_pending.TryGetValue(head.Id, out var expires) && expires <= nowMs)
                    {
                        _pending.Remove(head.Id);
                    }
                }

                return _pending.Count;
            }

            return CountInWindow(nowMs / 1000, s.WindowSeconds) / (double)s.WindowSeconds;
        }
    }

    /// <summary>Whether anything is live (so a new scaler should wake its loop at once).</summary>
    public bool HasAny(long nowMs) => Read(nowMs) > 0 || QueuedJobs > 0;

    public bool TryTakeJob(out PushEvent pushEvent)
    {
        lock (_lock)
        {
            if (_jobs.First is { } first)
            {
                pushEvent = first.Value;
                _jobs.RemoveFirst();
                _takenJobs.Add(pushEvent);
                return true;
            }

            pushEvent = null!;
            return false;
        }
    }

    public void ReturnJob(PushEvent pushEvent)
    {
        lock (_lock)
        {
            _takenJobs.Remove(pushEvent);
            _jobs.AddFirst(pushEvent);
        }
    }

    /// <summary>
    /// Forgets a Job event taken by <see cref="TryTakeJob"/> once its completion is durable. Runs on the journal's
    /// writer right after the batch (before any compaction captures).
    /// </summary>
    public void CompletedJob(PushEvent pushEvent)
    {
        lock (_lock)
        {
            _takenJobs.Remove(pushEvent);
        }
    }

    /// <summary>
    /// Everything live now, as journal records (for compaction). Only the capture runs under the trigger's lock, and it
    /// copies no per-event state beyond the queued Jobs (bounded by <c>maxQueuedEvents</c>): the counts of the last
    /// hour, and O(1) ranges of the pending and seen-id queues. The records are produced when the result is enumerated
    /// (on the compaction's thread), taking the lock for a chunk of <see cref="SnapshotChunk"/> lookups at a time, so
    /// deliveries go on meanwhile. What they change after the capture is journaled after it too, and the compaction
    /// appends that after these records: a pending event of the capture still counts if it is still pending with the
    /// same expiry when its chunk is read (one completed meanwhile is left out, and its completion follows anyway);
    /// counts and Jobs are the capture's; an id is written as completed only if it is not pending when its chunk is
    /// read and not one of the captured Jobs, so within the snapshot a completion never follows the record that makes
    /// its id live (a later delivery of that id is journaled, and appended, after the snapshot).
    /// </summary>
    public IEnumerable<JournalRecord> Snapshot(long nowMs)
    {
        TriggerSettings s;
        List<JournalRecord> counts;
        PushEvent[] jobs;
        (string Id, long Expires)[] taken;
        SnapshotQueue<(string Id, long Expires)>.Range pending;
        SnapshotQueue<string>.Range seen;
        lock (_lock)
        {
            s = Settings;
            counts = [];
            var nowSecond = nowMs / 1000;
            for (var i = 0; i < Buckets; i++)
            {
                if (_second[i] > nowSecond - Buckets + 1 && _count[i] > 0)
                {
                    var expires = ((_second[i] + s.WindowSeconds) * 1000) + 999;
                    if (expires > nowMs)
                    {
                        counts.Add(new JournalRecord(Key, JournalOp.Count, _second[i] * 1000, expires, null, null, _count[i]));
                    }
                }
            }

            jobs = [.. _takenJobs, .. _jobs];
            taken = _takenPending.Count == 0 ? [] : [.. _takenPending.Select(kv => (kv.Key, kv.Value))];
            pending = _pendingOrder.Capture();
            seen = _seenOrder.Capture();
        }

        return SnapshotRecords(nowMs, counts, jobs, taken, pending, seen);
    }

    /// <summary>How many pending or seen ids a snapshot checks per turn of the lock: 1024.</summary>
    internal const int SnapshotChunk = 1024;

    private IEnumerable<JournalRecord> SnapshotRecords(
        long nowMs, List<JournalRecord> counts, PushEvent[] jobs, (string Id, long Expires)[] taken,
        SnapshotQueue<(string Id, long Expires)>.Range pending, SnapshotQueue<string>.Range seen)
    {
        foreach (var record in counts)
        {
            yield return record;
        }

        // A pending event still counts if it is pending with the same expiry now, or taken by an ack not yet durable
        // (its completion, if it becomes durable, follows the snapshot; if not, the event is put back). Events taken
        // at the capture are written from their own list (an ack of the oldest has already removed them from the queue).
        HashSet<string>? takenIds = taken.Length == 0 ? null : new HashSet<string>(taken.Select(t => t.Id), StringComparer.Ordinal);
        foreach (var record in CheckedInChunks(pending.Items(), entry =>
            !(takenIds?.Contains(entry.Id) ?? false) && StillPending(entry.Id, entry.Expires, nowMs)
                ? new JournalRecord(Key, JournalOp.Pending, nowMs, entry.Expires, null, entry.Id, 0) // the id alone: replay builds the same event
                : null))
        {
            yield return record;
        }

        foreach (var record in CheckedInChunks(taken, entry =>
            StillPending(entry.Id, entry.Expires, nowMs) ? new JournalRecord(Key, JournalOp.Pending, nowMs, entry.Expires, null, entry.Id, 0) : null))
        {
            yield return record;
        }

        HashSet<string>? jobIds = jobs.Length == 0 ? null : new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in jobs)
        {
            jobIds!.Add(e.Id);
            yield return new JournalRecord(Key, JournalOp.Job, nowMs, 0, e, null, 0);
        }

        // A seen id is written as completed only if nothing makes it live now.
        foreach (var record in CheckedInChunks(seen.Items(), id =>
            (_pending.TryGetValue(id, out var expires) && expires > nowMs) || (jobIds?.Contains(id) ?? false)
                || (_takenPending.TryGetValue(id, out var takenExpires) && takenExpires > nowMs)
                ? null
                : new JournalRecord(Key, JournalOp.Completed, 0, 0, null, id, 0)))
        {
            yield return record;
        }
    }

    // Under the lock (a snapshot chunk): pending with this expiry, or taken by an ack that is not durable yet.
    private bool StillPending(string id, long expires, long nowMs) =>
        expires > nowMs
        && ((_pending.TryGetValue(id, out var current) && current == expires) || (_takenPending.TryGetValue(id, out var taken) && taken == expires));

    /// <summary>The records <paramref name="check"/> makes of <paramref name="items"/>, checked under the lock a chunk at a time.</summary>
    private IEnumerable<JournalRecord> CheckedInChunks<T>(IEnumerable<T> items, Func<T, JournalRecord?> check)
    {
        var chunk = new List<JournalRecord>(SnapshotChunk);
        using var entries = items.GetEnumerator();
        var more = true;
        while (more)
        {
            chunk.Clear();
            lock (_lock)
            {
                for (var n = 0; n < SnapshotChunk && (more = entries.MoveNext()); n++)
                {
                    if (check(entries.Current) is { } record)
                    {
                        chunk.Add(record);
                    }
                }
            }

            foreach (var record in chunk)
            {
                yield return record;
            }
        }
    }

    private void AddUnlocked(JournalOp op, PushEvent? e, long timeMs, long expires, int count)
    {
        var second = timeMs / 1000;
        var index = (int)(second % Buckets);
        if (_second[index] != second)
        {
            _second[index] = second;
            _count[index] = 0;
        }

        _count[index] += count;
        if (op == JournalOp.Job && e is not null)
        {
            _jobs.AddLast(e);
        }
        else if (op == JournalOp.Pending && e is not null)
        {
            _pending[e.Id] = expires;
            _pendingOrder.Enqueue((e.Id, expires));
        }
    }

    private long CountInWindow(long nowSecond, long windowSeconds)
    {
        long sum = 0;
        for (var i = 0; i < Buckets; i++)
        {
            if (_second[i] > nowSecond - windowSeconds && _second[i] <= nowSecond)
            {
                sum += _count[i];
            }
        }

        return sum;
    }

    private void Remember(string id)
    {
        if (id.Length == 0 || !_seen.Add(id))
        {
            return;
        }

        _seenOrder.Enqueue(id);
        while (_seenOrder.Count > _dedupeCapacity)
        {
            _seen.Remove(_seenOrder.Dequeue());
        }
    }

    private void RemoveJob(string id)
    {
        for (var node = _jobs.First; node is not null; node = node.Next)
        {
            if (node.Value.Id == id)
            {
                _jobs.Remove(node);
                return;
            }
        }
    }
}
