namespace Autoscaler.Actuation;

/// <summary>
/// Places workloads on node profiles: patches a target's pod template and manages the burst Deployment of a hybrid
/// placement. Part of the actuator (implementations: the embedded simulated cluster and Kubernetes). Replica counts
/// still go through <see cref="IScaleClient"/>.
/// </summary>
public interface IWorkloadPlacement
{
    /// <summary>Puts the target's pod template on the named profile with a minimal patch; writes nothing when it already is.</summary>
    ValueTask ApplyProfileAsync(ScaleTargetKey target, string profile, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the burst Deployment (<see cref="BurstRequest.Burst"/>) when it is missing, cloned from the target's pod
    /// template with the burst profile applied and owned by the ScaledObject, or re-clones its template when the
    /// target's template (or the profile) changed. Its replica count is kept.
    /// </summary>
    ValueTask EnsureBurstAsync(BurstRequest request, CancellationToken cancellationToken);

    /// <summary>Deletes the burst Deployment (and its pods). Deleting one that is gone is not an error.</summary>
    ValueTask DeleteBurstAsync(BurstRequest request, CancellationToken cancellationToken);
}
