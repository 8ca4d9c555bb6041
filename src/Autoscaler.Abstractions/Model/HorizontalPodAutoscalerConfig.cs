namespace Autoscaler.Model;

/// <summary>KEDA's <c>advanced.horizontalPodAutoscalerConfig</c>.</summary>
public sealed class HorizontalPodAutoscalerConfig
{
    /// <summary>The name KEDA would give its HPA. Kept for compatibility; no HPA is created.</summary>
    public string? Name { get; set; }

    /// <summary>The HPA behavior the engine applies.</summary>
    public HpaBehavior? Behavior { get; set; }
}
