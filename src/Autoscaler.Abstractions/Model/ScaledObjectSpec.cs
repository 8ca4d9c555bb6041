namespace Autoscaler.Model;

/// <summary>The spec of a ScaledObject, with KEDA's field names and defaults.</summary>
public sealed class ScaledObjectSpec
{
    /// <summary>The workload to scale. Required.</summary>
    public ScaleTargetRef ScaleTargetRef { get; set; } = new();

    /// <summary>Seconds between reads of the triggers. The default is 30.</summary>
    public int PollingInterval { get; set; } = 30;

    /// <summary>Seconds after the last active trigger before scaling to <see cref="IdleReplicaCount"/> or 0. The default is 300.</summary>
    public int CooldownPeriod { get; set; } = 300;

    /// <summary>Seconds after creation before the first scale to 0 is allowed. The default is 0.</summary>
    public int InitialCooldownPeriod { get; set; }

    /// <summary>Replicas while no trigger is active; must be less than <see cref="MinReplicaCount"/>. Unset by default.</summary>
    public int? IdleReplicaCount { get; set; }

    /// <summary>The least replicas. The default is 0.</summary>
    public int MinReplicaCount { get; set; }

    /// <summary>The most replicas. The default is 100.</summary>
    public int MaxReplicaCount { get; set; } = 100;

    /// <summary>What to do when scalers keep failing.</summary>
    public Fallback? Fallback { get; set; }

    /// <summary>HPA behavior and scaling modifiers.</summary>
    public AdvancedConfig? Advanced { get; set; }

    /// <summary>Our key: scale with Knative's KPA algorithm (stable/panic windows) instead of the HPA formulas. Unset by default.</summary>
    public KnativeScaling? Knative { get; set; }

    /// <summary>Our key: warm minimums by time (cron windows), applied as floors under the triggers. Empty by default.</summary>
    public List<ScheduledFloor> ScheduledFloors { get; set; } = [];
    /// <summary>The predictive engine (Autoscaler's own key). Unset means off.</summary>
    public PredictionSpec? Prediction { get; set; }

    /// <summary>Our key: the node profile of the target's pods and the hybrid burst split. Unset by default (the target is left as it is).</summary>
    public Placement? Placement { get; set; }

    /// <summary>The triggers. At least one is required.</summary>
    public List<ScaleTrigger> Triggers { get; set; } = [];
}
