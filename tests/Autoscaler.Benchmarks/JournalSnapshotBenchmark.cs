using System.Diagnostics;
using System.Globalization;
using Autoscaler.Events;
using Autoscaler.Webhooks;

namespace Autoscaler.Benchmarks;

/// <summary>
/// What a journal compaction's live-state snapshot costs the deliveries of a trigger with N pending events: how long
/// the capture holds the trigger's lock (on the journal's writer, which every delivery waits for), how long a probe
/// thread waits for that lock while the records are built, and how long building them takes in all (before the
/// capture/build split, all of that ran under the lock).
/// </summary>
internal sealed class JournalSnapshotBenchmark : IBenchmark
{
    public string Name => "journal-snapshot";

    public string Description => "journal-snapshot [pending=1000000] [rounds=5]: lock held by a compaction's capture, a concurrent lock taker's longest wait while the records are built, and the build time";

    public async Task RunAsync(string[] args)
    {
        var pending = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var settings = new TriggerSettings(EventMetric.Pending, false, 60, 3_600_000, int.MaxValue, 0, 0);
        var state = new TriggerEvents("scaledobjects/bench/ingest/readings", 100_000) { Settings = settings };
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var empty = new Dictionary<string, string>();
        var fresh = new List<PushEvent>(64);
        for (var i = 0; i < pending; i += 64)
        {
            var batch = Enumerable.Range(i, Math.Min(64, pending - i)).Select(n => new PushEvent($"/wrk#run-1-{n}", "bench.reading", empty)).ToList();
            state.TryReserve(batch, fresh, out _);
            state.Apply(fresh, now, settings);
            fresh.Clear();
        }

        Console.WriteLine("| pending events | capture (lock held on the writer) | longest wait of a lock taker during the build (waits > 1 ms) | the same with no build (control) | build of all records | records |");
        Console.WriteLine("|---|---|---|---|---|---|");
        for (var round = 0; round < rounds; round++)
        {
            var started = Stopwatch.GetTimestamp();
            var records = state.Snapshot(now);
            var capture = Stopwatch.GetElapsedTime(started);

            using var building = new CancellationTokenSource();
            var probe = Probe(state, building.Token);
            started = Stopwatch.GetTimestamp();
            long count = 0;
            foreach (var record in records)
            {
                count += record.Op == JournalOp.Pending ? 1 : 0;
            }

            var build = Stopwatch.GetElapsedTime(started);
            await building.CancelAsync();
            var (longest, slow) = await probe;

            // The control: the same probe for as long, with nothing else taking the lock (preemption and GC show here too).
            using var alone = new CancellationTokenSource(build);
            var (controlLongest, controlSlow) = await Probe(state, alone.Token);
            Console.WriteLine(FormattableString.Invariant(
                $"| {pending:N0} | {capture.TotalMilliseconds:0.000} ms | {longest.TotalMilliseconds:0.000} ms ({slow}) | {controlLongest.TotalMilliseconds:0.000} ms ({controlSlow}) | {build.TotalMilliseconds:0.0} ms | {count:N0} pending |"));
        }
    }

    /// <summary>Takes the trigger's lock over and over (as deliveries do) until cancelled: the longest wait, and how many waits exceeded 1 ms.</summary>
    private static Task<(TimeSpan Longest, int Over1Ms)> Probe(TriggerEvents state, CancellationToken stop) => Task.Run(() =>
    {
        var longest = TimeSpan.Zero;
        var over1ms = 0;
        while (!stop.IsCancellationRequested)
        {
            var before = Stopwatch.GetTimestamp();
            _ = state.QueuedJobs;
            var waited = Stopwatch.GetElapsedTime(before);
            longest = waited > longest ? waited : longest;
            over1ms += waited > TimeSpan.FromMilliseconds(1) ? 1 : 0;
        }

        return (longest, over1ms);
    });
}
