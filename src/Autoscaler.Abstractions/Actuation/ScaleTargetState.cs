namespace Autoscaler.Actuation;

/// <summary>What a workload reports about its replicas.</summary>
/// <param name="DesiredReplicas">The replica count in its spec (what was last asked for).</param>
/// <param name="CurrentReplicas">Pods that exist (ready or starting).</param>
/// <param name="ReadyReplicas">Pods that are ready to serve.</param>
public sealed record ScaleTargetState(int DesiredReplicas, int CurrentReplicas, int ReadyReplicas);
