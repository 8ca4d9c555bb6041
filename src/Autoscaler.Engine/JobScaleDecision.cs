namespace Autoscaler.Engine;

/// <summary>How many Jobs to create now, and why.</summary>
/// <param name="JobsToCreate">New Jobs to create (0 or more).</param>
/// <param name="IsActive">Whether any trigger is active.</param>
/// <param name="QueueLength">The combined metric value (pending work).</param>
/// <param name="MaxScale">The combined ceil(queue / target), capped at maxReplicaCount.</param>
/// <param name="Message">The reason in words.</param>
public sealed record JobScaleDecision(int JobsToCreate, bool IsActive, double QueueLength, int MaxScale, string Message);
