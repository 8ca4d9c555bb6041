namespace Autoscaler.Model;

/// <summary>
/// Our <c>spec.knative</c> block: when present, the object scales with Knative's KPA algorithm (stable and panic
/// windows over a bucketed average of the triggers' summed value) instead of the HPA formulas. Defaults are
/// Knative Serving's (config-autoscaler). Durations are strings such as <c>60s</c> or <c>2m</c>.
/// </summary>
public sealed class KnativeScaling
{
    /// <summary>The stable window. The default is <c>60s</c> (6 s to 1 h).</summary>
    public string StableWindow { get; set; } = "60s";

    /// <summary>The panic window as a percentage of the stable window. The default is 10 (1 to 100).</summary>
    public double PanicWindowPercentage { get; set; } = 10;

    /// <summary>Panic starts when the panic-window pod count reaches this percentage of ready pods. The default is 200.</summary>
    public double PanicThresholdPercentage { get; set; } = 200;

    /// <summary>At most this many times the ready pods in one decision. The default is 1000.</summary>
    public double MaxScaleUpRate { get; set; } = 1000;

    /// <summary>At most ready pods divided by this in one decision when scaling down. The default is 2.</summary>
    public double MaxScaleDownRate { get; set; } = 2;

    /// <summary>The share of each trigger's target to aim for, in percent. The default is 70 (Knative's target utilization).</summary>
    public double TargetUtilizationPercentage { get; set; } = 70;

    /// <summary>How long the stable window must have been idle before the last pod goes. The default is <c>30s</c>.</summary>
    public string ScaleToZeroGracePeriod { get; set; } = "30s";

    /// <summary>Scale-down uses the largest count decided over this window. The default is <c>0s</c> (off).</summary>
    public string ScaleDownDelay { get; set; } = "0s";

    /// <summary>The least pods when coming up from zero. The default is 1.</summary>
    public int ActivationScale { get; set; } = 1;
}
