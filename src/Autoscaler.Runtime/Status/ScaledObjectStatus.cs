namespace Autoscaler.Runtime.Status;

/// <summary>What the REST API shows for one ScaledObject.</summary>
public sealed record ScaledObjectStatus
{
    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The name.</summary>
    public required string Name { get; init; }

    /// <summary>Where the object came from (file and line, or <c>kubernetes</c>).</summary>
    public required string Source { get; init; }

    /// <summary>The target, <c>Kind/name</c>.</summary>
    public required string Target { get; init; }

    /// <summary>minReplicaCount.</summary>
    public int MinReplicas { get; init; }

    /// <summary>maxReplicaCount.</summary>
    public int MaxReplicas { get; init; }

    /// <summary>pollingInterval in seconds.</summary>
    public int PollingInterval { get; init; }

    /// <summary>The triggers and their last reads.</summary>
    public IReadOnlyList<TriggerStatus> Triggers { get; init; } = [];

    /// <summary>What the engine decided last.</summary>
    public int? DesiredReplicas { get; init; }

    /// <summary>Pods that exist.</summary>
    public int? CurrentReplicas { get; init; }

    /// <summary>Pods that are ready.</summary>
    public int? ReadyReplicas { get; init; }

    /// <summary>Whether any trigger is active.</summary>
    public bool IsActive { get; init; }

    /// <summary>The last time a trigger was active.</summary>
    public DateTimeOffset? LastActiveTime { get; init; }

    /// <summary>When the replica count was last changed by us.</summary>
    public DateTimeOffset? LastScaleTime { get; init; }

    /// <summary>Why it was last changed (<c>from → to: reason</c>).</summary>
    public string? LastScaleReason { get; init; }

    /// <summary>When the last decision was made.</summary>
    public DateTimeOffset? LastDecisionTime { get; init; }

    /// <summary>What bound the last decision (engine reason).</summary>
    public string? Reason { get; init; }

    /// <summary>The last decision in words.</summary>
    public string? Message { get; init; }

    /// <summary>Ready, Active, Fallback, Paused.</summary>
    public IReadOnlyList<StatusCondition> Conditions { get; init; } = [];

    /// <summary>The predictor's view (<c>spec.prediction</c> Preview or Active); null when prediction is off.</summary>
    public PredictionStatus? Prediction { get; init; }

    /// <summary>Where the replicas run (base on the target, burst on the managed Deployment); null without <c>spec.placement</c>.</summary>
    public PlacementStatus? Placement { get; init; }
}
