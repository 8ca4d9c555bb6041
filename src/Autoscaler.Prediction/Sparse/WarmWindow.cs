namespace Autoscaler.Prediction.Sparse;

/// <summary>
/// When a sparse workload should hold a warm replica after its last activity ended: from <see cref="PreWarm"/>
/// (already reduced by the lead time, so the replica is ready when the invocation is expected) until
/// <see cref="KeepAliveUntil"/>, both measured from the end of the last activity.
/// </summary>
/// <param name="Policy">Which branch decided.</param>
/// <param name="PreWarm">Idle time after which to come up (zero: stay up from the start).</param>
/// <param name="KeepAliveUntil">Idle time after which to go down.</param>
/// <param name="Samples">Idle periods in the histogram.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record WarmWindow(WarmWindowPolicy Policy, TimeSpan PreWarm, TimeSpan KeepAliveUntil, int Samples, string Reason)
{
    /// <summary>Whether a replica should be warm after <paramref name="idle"/> without activity.</summary>
    public bool IsWarm(TimeSpan idle) => Policy != WarmWindowPolicy.Reactive && idle >= PreWarm && idle < KeepAliveUntil;
}
