namespace Autoscaler.Scaling;

/// <summary>One read of a scaler: the metric value and whether the trigger is active, returned together as KEDA does.</summary>
/// <param name="Value">The metric value.</param>
/// <param name="IsActive">Whether the trigger is active (usually value &gt; activation threshold).</param>
public readonly record struct MetricReading(double Value, bool IsActive);
