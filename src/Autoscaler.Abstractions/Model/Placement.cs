namespace Autoscaler.Model;

/// <summary>
/// Our <c>spec.placement</c> block: which node profile the workload's pods run on, and for ScaledObjects the hybrid
/// split (the first <see cref="BaseReplicas"/> on the target, the rest on a managed <c>&lt;target&gt;-burst</c>
/// Deployment on <see cref="BurstProfile"/>). Profile names are the built-ins (<c>eks-fargate</c>,
/// <c>aks-virtual-node</c>, <c>gke-autopilot</c>) and those under <c>Autoscaler:Placement:Profiles</c>.
/// </summary>
public sealed class Placement
{
    /// <summary>The profile applied to the target's own pod template (or to every Job's). Unset by default (the template is left alone).</summary>
    public string? Profile { get; set; }

    /// <summary>Replicas kept on the target (regular nodes) before any go to the burst Deployment. Required with <see cref="BurstProfile"/>; at least 0.</summary>
    public int? BaseReplicas { get; set; }

    /// <summary>The profile of the managed burst Deployment that takes the replicas above <see cref="BaseReplicas"/>. Unset by default (no burst).</summary>
    public string? BurstProfile { get; set; }
}
