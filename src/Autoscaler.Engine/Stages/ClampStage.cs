namespace Autoscaler.Engine.Stages;

/// <summary>
/// The last word: clamps to [floor, maxReplicaCount], where the floor is 0 or the idle count when the activation
/// stage let the object rest, and max(minReplicaCount, 1) otherwise.
/// </summary>
public sealed class ClampStage : IScalingStage
{
    /// <inheritdoc />
    public string Name => "clamp";

    /// <inheritdoc />
    public void Apply(DecisionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var spec = context.Input.Spec;
        var resting = context.IsResting;
        var held = context.Reason is ScaleReason.ScalerErrors or ScaleReason.Fallback;
        var floor = resting || held ? 0 : Math.Max(spec.MinReplicaCount, 1);
        if (context.Desired > spec.MaxReplicaCount)
        {
            context.Set(spec.MaxReplicaCount, ScaleReason.MaxReplicas, $"{context.Message}; capped at maxReplicaCount {spec.MaxReplicaCount}");
        }
        else if (context.Desired < floor)
        {
            context.Set(floor, ScaleReason.MinReplicas, $"{context.Message}; raised to minimum {floor}");
        }
    }
}
