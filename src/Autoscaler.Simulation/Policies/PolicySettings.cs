namespace Autoscaler.Simulation.Policies;

/// <summary>The simulated service a policy scales.</summary>
/// <param name="CapacityPerPod">Requests per second one ready pod serves.</param>
/// <param name="ColdStart">How long a requested pod takes to become ready.</param>
/// <param name="IntervalSeconds">The trace's interval length, in seconds.</param>
/// <param name="Start">The trace's start time (wall clock of virtual time 0; for time-of-day rules).</param>
public sealed record PolicySettings(double CapacityPerPod, TimeSpan ColdStart, int IntervalSeconds, DateTimeOffset Start)
{
    /// <summary>
    /// The other series of the same group (<see cref="Traces.TraceSeries.Group"/>), for a policy that learns from its
    /// group; empty when the series has none. A policy must read a sibling's demand only up to its own now.
    /// </summary>
    public IReadOnlyList<Traces.TraceSeries> Siblings { get; init; } = [];
}
