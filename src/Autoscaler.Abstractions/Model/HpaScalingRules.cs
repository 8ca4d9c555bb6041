namespace Autoscaler.Model;

/// <summary>HPA v2 scaling rules for one direction.</summary>
public sealed class HpaScalingRules
{
    /// <summary>Stabilization window, 0 to 3600 seconds. The HPA defaults are 0 for scale-up and 300 for scale-down.</summary>
    public int? StabilizationWindowSeconds { get; set; }

    /// <summary><c>Max</c> (the default), <c>Min</c> or <c>Disabled</c>.</summary>
    public string? SelectPolicy { get; set; }

    /// <summary>The policies; when none are given the HPA's defaults apply.</summary>
    public List<HpaScalingPolicy> Policies { get; set; } = [];

    /// <summary>The tolerance for this direction (a fraction, for example 0.1). The default is 0.1.</summary>
    public double? Tolerance { get; set; }
}
