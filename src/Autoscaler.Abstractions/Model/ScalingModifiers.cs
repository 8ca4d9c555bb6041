namespace Autoscaler.Model;

/// <summary>KEDA's <c>advanced.scalingModifiers</c>: one formula over named triggers.</summary>
public sealed class ScalingModifiers
{
    /// <summary>The formula over trigger names.</summary>
    public string? Formula { get; set; }

    /// <summary>The target for the formula's result (a number, as a string). Required with a formula.</summary>
    public string? Target { get; set; }

    /// <summary>The activation target for the formula's result (a number, as a string). The default is 0.</summary>
    public string? ActivationTarget { get; set; }

    /// <summary><c>AverageValue</c> (the default) or <c>Value</c>.</summary>
    public string? MetricType { get; set; }
}
