namespace Autoscaler.Runtime.Status;

/// <summary>The last read of one trigger.</summary>
public sealed record TriggerStatus
{
    /// <summary>The trigger's index.</summary>
    public required int Index { get; init; }

    /// <summary>The trigger's name (its type when unnamed).</summary>
    public required string Name { get; init; }

    /// <summary>The trigger type.</summary>
    public required string Type { get; init; }

    /// <summary>KEDA's metric name (<c>s0-cron-...</c>).</summary>
    public string? MetricName { get; init; }

    /// <summary>The target value.</summary>
    public double? Target { get; init; }

    /// <summary>The activation threshold.</summary>
    public double? ActivationThreshold { get; init; }

    /// <summary><c>AverageValue</c> or <c>Value</c>.</summary>
    public string? MetricType { get; init; }

    /// <summary>The last value read; null before the first successful read or after a failure.</summary>
    public double? Value { get; init; }

    /// <summary>Whether the trigger was active at the last read.</summary>
    public bool IsActive { get; init; }

    /// <summary>The replicas this trigger alone asks for.</summary>
    public int? Replicas { get; init; }

    /// <summary>The last error, if the last read failed.</summary>
    public string? Error { get; init; }

    /// <summary>Failed reads in a row.</summary>
    public int ConsecutiveErrors { get; init; }

    /// <summary>When it was last read.</summary>
    public DateTimeOffset? LastReadTime { get; init; }
}
