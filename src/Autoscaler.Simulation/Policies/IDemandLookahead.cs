namespace Autoscaler.Simulation.Policies;

/// <summary>
/// The replay's view of the demand ahead of now. Only for skipping decisions whose outcome is already certain
/// (the engine at rest, or a Knative decision that holds): the results are exactly those of deciding every tick,
/// which the equivalence tests check against the reference replay. A policy never decides from it.
/// </summary>
internal interface IDemandLookahead
{
    /// <summary>
    /// Fills <paramref name="rates"/>[j] with the request rate (requests/s) a policy ticking every
    /// <paramref name="periodMs"/> reads at t = <paramref name="nowMs"/> + (j + 1) × period: exactly
    /// RequestsBetween(t − period, t) / (period / 1000) as it returns when t is now.
    /// </summary>
    void RatesAhead(long nowMs, long periodMs, Span<double> rates);

    /// <summary>The first interval at or after <paramref name="interval"/> with requests; the number of intervals when there is none.</summary>
    int NextDemandInterval(int interval);
}
