namespace Autoscaler.Events;

/// <summary>What became of a batch handed to <see cref="IEventScaler.PublishAsync"/>.</summary>
/// <param name="Accepted">New events, durably recorded and counted.</param>
/// <param name="Duplicates">Events whose id was already seen for this trigger: acknowledged, not counted again.</param>
/// <param name="QueueFull">Whether the trigger's bounded queue was full: nothing of the batch was accepted and the
/// sender must retry later (HTTP 429).</param>
public readonly record struct PublishResult(int Accepted, int Duplicates, bool QueueFull);
