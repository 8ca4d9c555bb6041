namespace Autoscaler.Model;

/// <summary>One trigger of a ScaledObject or ScaledJob (KEDA's <c>triggers[]</c>).</summary>
public sealed class ScaleTrigger
{
    /// <summary>The scaler's type name, for example <c>cron</c> or <c>aws-sqs-queue</c>. Required.</summary>
    public string Type { get; set; } = "";

    /// <summary>An optional name, unique within the object; scaling-modifier formulas refer to triggers by it.</summary>
    public string? Name { get; set; }

    /// <summary>The scaler's settings, as strings (KEDA's field names).</summary>
    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Where the scaler's secrets come from.</summary>
    public AuthenticationRef? AuthenticationRef { get; set; }

    /// <summary><c>AverageValue</c> (the default), <c>Value</c>, or <c>Utilization</c> (cpu and memory only).</summary>
    public string? MetricType { get; set; }

    /// <summary>
    /// Our key (KEDA #7405): HPA behavior for this trigger alone. Its recommendation is stabilized and rate-limited
    /// with these rules before the max over triggers; triggers without it use the object's behavior. Unset by default.
    /// </summary>
    public HpaBehavior? Behavior { get; set; }

    /// <summary>KEDA's metric cache flag. Accepted; the control loop reads once per polling interval anyway.</summary>
    public bool UseCachedMetrics { get; set; }
}
