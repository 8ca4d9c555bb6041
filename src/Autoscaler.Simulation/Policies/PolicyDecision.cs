namespace Autoscaler.Simulation.Policies;

/// <summary>A policy's answer: the replicas to run, and when to be asked next.</summary>
/// <param name="Replicas">Desired pods (ready or starting).</param>
/// <param name="NextDecisionMs">When to decide next, in virtual milliseconds; later than now.</param>
public readonly record struct PolicyDecision(int Replicas, long NextDecisionMs);
