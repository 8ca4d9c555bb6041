namespace Autoscaler.Model;

/// <summary>KEDA's <c>advanced</c> block.</summary>
public sealed class AdvancedConfig
{
    /// <summary>When the ScaledObject is deleted, scale the target back to the count it had before. The default is false.</summary>
    public bool RestoreToOriginalReplicaCount { get; set; }

    /// <summary>HPA settings (behavior).</summary>
    public HorizontalPodAutoscalerConfig? HorizontalPodAutoscalerConfig { get; set; }

    /// <summary>A formula over the triggers.</summary>
    public ScalingModifiers? ScalingModifiers { get; set; }
}
