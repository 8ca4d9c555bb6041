namespace Autoscaler.Model;

/// <summary>HPA v2 <c>behavior</c>.</summary>
public sealed class HpaBehavior
{
    /// <summary>Rules for scaling up.</summary>
    public HpaScalingRules? ScaleUp { get; set; }

    /// <summary>Rules for scaling down.</summary>
    public HpaScalingRules? ScaleDown { get; set; }
}
