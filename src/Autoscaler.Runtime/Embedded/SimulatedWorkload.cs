using Autoscaler.Actuation;

namespace Autoscaler.Runtime.Embedded;

/// <summary>A snapshot of one simulated workload.</summary>
/// <param name="Target">The workload.</param>
/// <param name="DesiredReplicas">Its spec replicas.</param>
/// <param name="CurrentReplicas">Pods that exist.</param>
/// <param name="ReadyReplicas">Pods that are ready.</param>
/// <param name="LastScaleTime">When its replicas were last changed.</param>
public sealed record SimulatedWorkload(ScaleTargetKey Target, int DesiredReplicas, int CurrentReplicas, int ReadyReplicas, DateTimeOffset? LastScaleTime)
{
    /// <summary>The node profile its pods run on (<c>spec.placement</c>); null for regular nodes.</summary>
    public string? Profile { get; init; }

    /// <summary>For a managed burst Deployment, the target it takes the replicas above the base of; null otherwise.</summary>
    public string? BurstOf { get; init; }
}
