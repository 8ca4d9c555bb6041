using System.Diagnostics;
using System.Globalization;
using Autoscaler.Simulation;
using Autoscaler.Simulation.Policies;
using Autoscaler.Simulation.Traces;
using Autoscaler.Testing;

namespace Autoscaler.Benchmarks;

/// <summary>
/// Replay speed of <c>simulate</c>: each built-in policy on one trace, single-threaded, best of N runs, in simulated
/// trace intervals per second (one interval = one row of the trace for one series).
/// </summary>
internal sealed class ReplayBenchmark : IBenchmark
{
    public string Name => "replay";

    public string Description => "replay [trace=<traces>/nasa-http-1995/nasa_july_1995_per_minute.csv] [runs=3] [policy]: simulated intervals per second per policy";

    public Task RunAsync(string[] args)
    {
        var path = args.Length > 0 ? args[0] : Path.Combine(RepoPaths.Traces, "nasa-http-1995", "nasa_july_1995_per_minute.csv");
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var only = args.Length > 2 ? args[2] : null;
        var format = TraceReader.Detect(path) ?? throw new InvalidOperationException($"unknown trace format: {path}");
        var trace = TraceReader.Read(path, format);
        var options = new SimulationOptions();
        var intervals = (double)trace.Intervals * trace.Series.Count;
        Console.WriteLine($"trace {trace.Name}: {trace.Series.Count} series × {trace.Intervals} intervals of {trace.IntervalSeconds} s; best of {runs} runs, one thread");
        Console.WriteLine("| policy | wall s | intervals/s (wall) | CPU s | intervals/s (CPU) | CPU ns / interval | bytes allocated / interval |");
        Console.WriteLine("|---|--:|--:|--:|--:|--:|--:|");
        foreach (var policy in PolicyCatalog.Baselines.Where(p => only is null || p.Name == only))
        {
            var best = double.MaxValue;
            var bestCpu = double.MaxValue;
            var allocated = long.MaxValue;
            using var process = Process.GetCurrentProcess();
            for (var r = 0; r < runs; r++)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var bytes = GC.GetAllocatedBytesForCurrentThread();
                var started = Stopwatch.GetTimestamp();
                foreach (var series in trace.Series)
                {
                    Simulator.Run(trace, series, policy, options);
                }

                best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalSeconds);
                allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - bytes);
                process.Refresh();
                bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpu).TotalSeconds);
            }

            // CPU time (the process's, single-threaded replay plus the runtime's own threads) is the fairer
            // "one core" measure on a shared machine; wall time is shown too.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {policy.Name} | {best:0.000} | {intervals / best:#,0} | {bestCpu:0.000} | {intervals / Math.Max(bestCpu, 1e-6):#,0} | {bestCpu * 1e9 / intervals:#,0} | {allocated / intervals:#,0} |"));
        }

        return Task.CompletedTask;
    }
}
