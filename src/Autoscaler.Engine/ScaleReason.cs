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

    /// <summary>An HPA scale-up policy (Pods/Percent per period) limited the increase.</summary>
    ScaleUpLimited,

    /// <summary>An HPA scale-down policy (Pods/Percent per period) limited the decrease.</summary>
    ScaleDownLimited,

    /// <summary>A stabilization window held the count (max of recent recommendations down, min up).</summary>
    Stabilized,

    /// <summary>Scaling in this direction is disabled (<c>selectPolicy: Disabled</c>).</summary>
    ScalingDisabled,

    /// <summary>Triggers failed more than <c>fallback.failureThreshold</c> times: fallback replicas apply.</summary>
    Fallback,

    /// <summary>A pause annotation held or set the count.</summary>
    Paused,

    /// <summary>A scheduled floor (warm minimum) raised the count.</summary>
    ScheduledFloor,

    /// <summary>Knative mode, stable window.</summary>
    KnativeStable,

    /// <summary>Knative mode, panic window (never scales down while panicking).</summary>
    KnativePanic,

    /// <summary>Knative mode: the stable window is idle, waiting for the scale-to-zero grace period.</summary>
    ScaleToZeroGrace,

    /// <summary>The forecast (or the warm minimum it keeps) raised the count above what the reactive rules want.</summary>
    Predicted,
}
