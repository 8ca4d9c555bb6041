namespace Autoscaler.Simulation;

/// <summary>One policy on one trace: totals over its series, the per-series results, and the ready capacity over time.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Total">Sums over the series (peak = the largest of the series' peaks summed at no single time: the max per series).</param>
/// <param name="Series">Per series (per function).</param>
/// <param name="ReadyCapacity">Mean ready capacity per interval summed over series, requests per second.</param>
/// <param name="ElapsedTicks">Stopwatch ticks the replay took (not part of the report, which must be reproducible).</param>
public sealed record PolicyResult(string Policy, SeriesResult Total, IReadOnlyList<SeriesResult> Series, double[] ReadyCapacity, long ElapsedTicks)
{
    /// <summary>The 75th percentile over series (with requests) of the cold-start percentage; null for single-series traces.</summary>
    public double? P75ColdStartPercent
    {
        get
        {
            if (Series.Count < 2)
            {
                return null;
            }

            var values = Series.Where(s => s.Requests > 0).Select(s => s.ColdStartPercent).Order().ToArray();
            if (values.Length == 0)
            {
                return 0;
            }

            // Nearest-rank percentile.
            var rank = (int)Math.Ceiling(0.75 * values.Length);
            return values[Math.Clamp(rank - 1, 0, values.Length - 1)];
        }
    }
}
