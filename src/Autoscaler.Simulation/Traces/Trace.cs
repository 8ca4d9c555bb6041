namespace Autoscaler.Simulation.Traces;

/// <summary>A demand trace: one or more series on a common grid of fixed intervals.</summary>
/// <param name="Name">The trace's name (its file name without extension).</param>
/// <param name="IntervalSeconds">The length of one interval, in seconds.</param>
/// <param name="Start">The time of the first interval's start.</param>
/// <param name="Series">The series; several for multi-function traces.</param>
public sealed record Trace(string Name, int IntervalSeconds, DateTimeOffset Start, IReadOnlyList<TraceSeries> Series)
{
    /// <summary>The number of intervals.</summary>
    public int Intervals => Series.Count == 0 ? 0 : Series[0].Requests.Length;
}
