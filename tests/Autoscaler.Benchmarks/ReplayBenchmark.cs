using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Autoscaler.Simulation;
using Autoscaler.Simulation.Policies;
using Autoscaler.Simulation.Traces;
using Autoscaler.Testing;

namespace Autoscaler.Benchmarks;

/// <summary>
/// Replay speed of <c>simulate</c>: each built-in policy on one trace, single-threaded, best of N runs, in simulated
/// trace intervals per second (one interval = one row of the trace for one series).
/// </summary>
internal sealed partial class ReplayBenchmark : IBenchmark
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
        Console.WriteLine("| policy | wall s | intervals/s (wall) | CPU s | intervals/s (CPU) | CPU ns / interval | bytes allocated / interval | thread CPU ns / interval | intervals/s (thread CPU) |");
        Console.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var policy in PolicyCatalog.Baselines.Where(p => only is null || p.Name == only))
        {
            var best = double.MaxValue;
            var bestCpu = double.MaxValue;
            var allocated = long.MaxValue;
            var bestThread = long.MaxValue;
            using var process = Process.GetCurrentProcess();
            for (var r = 0; r < runs; r++)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var bytes = GC.GetAllocatedBytesForCurrentThread();
                var thread = ThreadCpuNanoseconds();
                var started = Stopwatch.GetTimestamp();
                foreach (var series in trace.Series)
                {
                    Simulator.Run(trace, series, policy, options);
                }

                best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalSeconds);
                bestThread = Math.Min(bestThread, ThreadCpuNanoseconds() - thread);
                allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - bytes);
                process.Refresh();
                bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpu).TotalSeconds);
            }

            // CPU time (the process's, single-threaded replay plus the runtime's own threads) is the fairer
            // "one core" measure on a shared machine; wall time is shown too. The process figure counts in 10 ms
            // clock ticks (a replay of NASA takes ~40 ms), so the replay thread's own CPU time (nanoseconds,
            // CLOCK_THREAD_CPUTIME_ID; it includes the gen0 collections the thread runs) is shown as well.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {policy.Name} | {best:0.000} | {intervals / best:#,0} | {bestCpu:0.000} | {intervals / Math.Max(bestCpu, 1e-6):#,0} | {bestCpu * 1e9 / intervals:#,0} | {allocated / intervals:#,0} | {bestThread / intervals:#,0} | {intervals * 1e9 / Math.Max(bestThread, 1):#,0} |"));
        }

        return Task.CompletedTask;
    }

    /// <summary>The calling thread's CPU time in nanoseconds (Linux: clock_gettime(CLOCK_THREAD_CPUTIME_ID)); 0 elsewhere.</summary>
    private static long ThreadCpuNanoseconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        const int ClockThreadCpuTimeId = 3;
        return ClockGetTime(ClockThreadCpuTimeId, out var ts) == 0 ? (ts.Seconds * 1_000_000_000L) + ts.Nanoseconds : 0;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
