namespace Autoscaler.Actuation;

/// <summary>
/// Reads and writes the replica count of workloads (the scale subresource). The actuator: the only part of
/// the system that writes to a cluster. Implementations: the embedded simulated cluster and Kubernetes.
/// </summary>
public interface IScaleClient
{
    /// <summary>Reads the target's replicas. Throws <see cref="ScaleTargetNotFoundException"/> when it does not exist.</summary>
    ValueTask<ScaleTargetState> GetScaleAsync(ScaleTargetKey target, CancellationToken cancellationToken);

    /// <summary>Sets the target's desired replicas and returns its state after the write.</summary>
    ValueTask<ScaleTargetState> SetReplicasAsync(ScaleTargetKey target, int replicas, CancellationToken cancellationToken);
}
