using Autoscaler.Simulation.Policies;
using Autoscaler.Simulation.Traces;

namespace Autoscaler.Simulation;

/// <summary>Runs policies on a trace: every series of the trace through a fresh controller of each policy.</summary>
public static class SimulationRunner
{
    /// <summary>Runs each policy on every series of <paramref name="trace"/>; <paramref name="progress"/> is told after each policy.</summary>
    public static TraceResult Run(Trace trace, IReadOnlyList<IScalingPolicy> policies, SimulationOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(options);
        var demand = new double[trace.Intervals];
        foreach (var series in trace.Series)
        {
            for (var i = 0; i < demand.Length; i++)
            {
                demand[i] += series.Requests[i] / trace.IntervalSeconds;
            }
        }

        var results = new List<PolicyResult>(policies.Count);
        foreach (var policy in policies)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var capacity = new double[trace.Intervals];
            var perSeries = new List<SeriesResult>(trace.Series.Count);
            foreach (var series in trace.Series)
            {
                perSeries.Add(Simulator.Run(trace, series, policy, options, capacity, Siblings(trace, series)));
            }

            var total = Sum(trace.Name, perSeries);
            results.Add(new PolicyResult(policy.Name, total, perSeries, capacity, System.Diagnostics.Stopwatch.GetTimestamp() - started));
            progress?.Invoke(policy.Name);
        }

        return new TraceResult(trace, options, demand, results);
    }

    /// <summary>The other series of <paramref name="series"/>'s group (same <see cref="TraceSeries.Group"/>); empty when it has none.</summary>
    private static IReadOnlyList<TraceSeries> Siblings(Trace trace, TraceSeries series) =>
        series.Group is null ? [] : [.. trace.Series.Where(s => !ReferenceEquals(s, series) && s.Group == series.Group)];

    private static SeriesResult Sum(string name, List<SeriesResult> series) => new()
    {
        Name = name,
        Requests = series.Sum(s => s.Requests),
        ColdStartRequests = series.Sum(s => s.ColdStartRequests),
        SloViolationIntervals = series.Sum(s => s.SloViolationIntervals),
        Intervals = series.Sum(s => s.Intervals),
        ReplicaSeconds = series.Sum(s => s.ReplicaSeconds),
        IdleReplicaSeconds = series.Sum(s => s.IdleReplicaSeconds),
        NeededReplicaSeconds = series.Sum(s => s.NeededReplicaSeconds),
        ScaleActions = series.Sum(s => s.ScaleActions),
        PeakReplicas = series.Max(s => s.PeakReplicas),
    };
}
