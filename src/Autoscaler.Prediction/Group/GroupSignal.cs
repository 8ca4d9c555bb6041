namespace Autoscaler.Prediction.Group;

/// <summary>What an object's group says at one time (<see cref="GroupWakeModel.Evaluate"/>).</summary>
/// <param name="Warm">A sibling's wake, by the learned lag window, says this object's demand is coming: be warm.</param>
/// <param name="Asleep">The group has been quiet for longer than this object's own wakes have ever followed it: its own keep-alive is cut.</param>
/// <param name="Reason">Why warm, in words; null when not.</param>
public readonly record struct GroupSignal(bool Warm, bool Asleep, string? Reason);
