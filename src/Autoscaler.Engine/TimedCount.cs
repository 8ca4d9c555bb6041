namespace Autoscaler.Engine;

/// <summary>A count at a time: a recommendation or a scale event kept in <see cref="ScalerState"/>.</summary>
/// <param name="Time">When.</param>
/// <param name="Count">The recommended replicas, or the replicas added or removed.</param>
public readonly record struct TimedCount(DateTimeOffset Time, int Count);
