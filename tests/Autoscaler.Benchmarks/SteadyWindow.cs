using System.Diagnostics;

namespace Autoscaler.Benchmarks;

/// <summary>
/// CPU and memory of this process over a steady window: settle for <c>settle</c>, then sample the working set every
/// second for <c>window</c> and report CPU time as a percentage of one core.
/// </summary>
internal static class SteadyWindow
{
    public static async Task<(double CpuPercent, long PeakWorkingSet)> MeasureAsync(TimeSpan settle, TimeSpan window)
    {
        var process = Process.GetCurrentProcess();
        GC.Collect();
        await Task.Delay(settle);
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        long peak = 0;
        while (wall.Elapsed < window)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            process.Refresh();
            peak = Math.Max(peak, process.WorkingSet64);
        }

        process.Refresh();
        return ((process.TotalProcessorTime - cpu0).TotalSeconds / wall.Elapsed.TotalSeconds * 100, peak);
    }
}
