namespace Autoscaler.Engine.Stages;

/// <summary>
/// The last stage: records the change this decision makes as a scale-up or scale-down event (the HPA's
/// scaleUpEvents/scaleDownEvents, which the rate policies look back over), and forgets events older than the
/// longest policy period.
/// </summary>
public sealed class ScaleEventStage : IScalingStage
{
    /// <inheritdoc />
    public string Name => "scale-events";

    /// <inheritdoc />
    public void Apply(DecisionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Desired == context.Current && context.State.ScaleUpEvents is { IsDefault: false, IsEmpty: true } && context.State.ScaleDownEvents is { IsDefault: false, IsEmpty: true })
        {
            return; // no change to record and nothing to forget: the usual decision
        }

        var behavior = context.Input.Spec.Advanced?.HorizontalPodAutoscalerConfig?.Behavior;
        var now = context.Now;
        var up = HpaBehaviorRules.Prune(context.State.ScaleUpEvents, now, HpaBehaviorRules.LongestPeriod(HpaBehaviorRules.ScaleUp(behavior)));
        var down = HpaBehaviorRules.Prune(context.State.ScaleDownEvents, now, HpaBehaviorRules.LongestPeriod(HpaBehaviorRules.ScaleDown(behavior)));
        if (context.Desired > context.Current)
        {
            up = up.Add(new TimedCount(now, context.Desired - context.Current));
        }
        else if (context.Desired < context.Current)
        {
            down = down.Add(new TimedCount(now, context.Current - context.Desired));
        }

        if (up != context.State.ScaleUpEvents || down != context.State.ScaleDownEvents)
        {
            context.State = context.State with { ScaleUpEvents = up, ScaleDownEvents = down };
        }
    }
}
