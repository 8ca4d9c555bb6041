namespace Autoscaler.Engine;

/// <summary>What bound a decision. Shown in the REST API, logs and metrics.</summary>
public enum ScaleReason
{
    /// <summary>The triggers' metrics asked for this count (HPA formula, max over triggers).</summary>
    Metrics,

    /// <summary>The metrics are within tolerance of the current count: no change.</summary>
    WithinTolerance,

    /// <summary>A trigger became active while the target rested at 0 or its idle count.</summary>
    Activated,

    /// <summary>Clamped up to <c>minReplicaCount</c> (or 1 while active).</summary>
    MinReplicas,

    /// <summary>Clamped down to <c>maxReplicaCount</c>.</summary>
    MaxReplicas,

    /// <summary>No trigger is active, but the cooldown period has not passed.</summary>
    CooldownPending,

    /// <summary>No trigger active for the cooldown period: scaled to 0.</summary>
    ScaledToZero,

    /// <summary>No trigger active for the cooldown period: scaled to <c>idleReplicaCount</c>.</summary>
    ScaledToIdle,

    /// <summary>Inactive and already resting at 0 or the idle count.</summary>
    Idle,

    /// <summary>Every trigger failed; the count is held.</summary>
    ScalerErrors,
}
