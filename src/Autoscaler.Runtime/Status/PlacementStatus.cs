namespace Autoscaler.Runtime.Status;

/// <summary>Where a ScaledObject's replicas run (its <c>spec.placement</c>), as the REST API shows it.</summary>
public sealed record PlacementStatus
{
    /// <summary>The profile of the target's own pods, or null when the target is left as it is.</summary>
    public string? Profile { get; init; }

    /// <summary>The most replicas kept on the target before the burst Deployment takes the rest; null without a burst.</summary>
    public int? BaseReplicaLimit { get; init; }

    /// <summary>The target's desired replicas (the base).</summary>
    public int BaseReplicas { get; init; }

    /// <summary>The target's ready replicas.</summary>
    public int BaseReadyReplicas { get; init; }

    /// <summary>The burst Deployment, <c>Deployment/name</c>; null without a burst.</summary>
    public string? BurstTarget { get; init; }

    /// <summary>The burst Deployment's profile; null without a burst.</summary>
    public string? BurstProfile { get; init; }

    /// <summary>The burst Deployment's desired replicas (0 without a burst).</summary>
    public int BurstReplicas { get; init; }

    /// <summary>The burst Deployment's ready replicas.</summary>
    public int BurstReadyReplicas { get; init; }
}
