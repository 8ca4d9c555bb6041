using Autoscaler.Scaling;

namespace Autoscaler.Engine;

/// <summary>What one trigger said at one read: a value and an activity flag, or an error.</summary>
/// <param name="Index">The trigger's index in <c>spec.triggers</c>.</param>
/// <param name="Name">The trigger's name, or its type when it has none.</param>
/// <param name="Metric">The trigger's metric spec; null when the scaler could not be built.</param>
/// <param name="Value">The value read; null on error.</param>
/// <param name="IsActive">Whether the trigger is active.</param>
/// <param name="Error">The error, when the read failed.</param>
public sealed record TriggerSample(int Index, string Name, MetricSpec? Metric, double? Value, bool IsActive, string? Error)
{
    /// <summary>A successful read.</summary>
    public static TriggerSample Read(int index, string name, MetricSpec metric, MetricReading reading) =>
        new(index, name, metric, reading.Value, reading.IsActive, null);

    /// <summary>A failed read.</summary>
    public static TriggerSample Failed(int index, string name, MetricSpec? metric, string error) =>
        new(index, name, metric, null, false, error);

    /// <summary>Whether the read failed.</summary>
    public bool HasFailed => Error is not null;
}
