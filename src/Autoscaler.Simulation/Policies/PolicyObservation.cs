namespace Autoscaler.Simulation.Policies;

/// <summary>What a policy sees at one decision.</summary>
/// <param name="NowMs">Virtual time since the trace's start, in milliseconds.</param>
/// <param name="Replicas">Pods requested (ready or starting).</param>
/// <param name="ReadyReplicas">Pods ready.</param>
/// <param name="Demand">The demand so far.</param>
public readonly record struct PolicyObservation(long NowMs, int Replicas, int ReadyReplicas, IDemandHistory Demand);
