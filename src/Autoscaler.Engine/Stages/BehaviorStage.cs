namespace Autoscaler.Engine.Stages;

/// <summary>
/// HPA v2 behavior, as the controller applies it (normalizeDesiredReplicasWithBehaviors): first the stabilization
/// windows (up: the min of the recommendations within <c>scaleUp.stabilizationWindowSeconds</c>, default 0; down:
/// the max within <c>scaleDown.stabilizationWindowSeconds</c>, default 300), then the rate policies
/// (Pods/Percent per <c>periodSeconds</c>, <c>selectPolicy</c>). One engine for 0 ↔ 1 and 1 ↔ N: the same rules
/// bound the step to zero or the idle count after the cooldown (N → 0 goes down at the scale-down policy's pace),
/// and a scale-up from 0 is bounded like any other (never below the activation count).
/// </summary>
public sealed class BehaviorStage : IScalingStage
{
    /// <inheritdoc />
    public string Name => "behavior";

    /// <inheritdoc />
    public void Apply(DecisionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.DecidedByKnative || context.Fallback is not null || context.Reason is ScaleReason.ScalerErrors or ScaleReason.Idle)
        {
            return;
        }

        var spec = context.Input.Spec;
        var behavior = spec.Advanced?.HorizontalPodAutoscalerConfig?.Behavior;
        var up = HpaBehaviorRules.ScaleUp(behavior);
        var down = HpaBehaviorRules.ScaleDown(behavior);
        var upWindow = up.StabilizationWindowSeconds ?? 0;
        var downWindow = down.StabilizationWindowSeconds ?? 0;
        var now = context.Now;
        var current = context.Current;
        var resting = context.IsResting;
        var raw = resting ? context.Desired : context.Recommended ?? context.Desired;
        var target = context.Desired;

        // Stabilization over the recommendation history (the raw metric recommendation is what is remembered).
        var history = HpaBehaviorRules.Prune(context.State.Recommendations, now, Math.Max(upWindow, downWindow));
        var upRecommendation = target;
        var downRecommendation = target;
        var upCutoff = now.AddSeconds(-upWindow);
        var downCutoff = now.AddSeconds(-downWindow);
        foreach (var r in history)
        {
            if (r.Time > upCutoff)
            {
                upRecommendation = Math.Min(upRecommendation, r.Count);
            }

            if (r.Time > downCutoff)
            {
                downRecommendation = Math.Max(downRecommendation, r.Count);
            }
        }

        context.State = context.State with { Recommendations = history.Add(new TimedCount(now, raw)) };
        var stabilized = current;
        if (stabilized < upRecommendation)
        {
            stabilized = upRecommendation;
        }

        if (stabilized > downRecommendation)
        {
            stabilized = downRecommendation;
        }

        if (stabilized != target)
        {
            var window = stabilized > target ? $"scaleDown stabilizationWindowSeconds {downWindow}" : $"scaleUp stabilizationWindowSeconds {upWindow}";
            context.Set(stabilized, ScaleReason.Stabilized, $"{context.Message}; held at {stabilized} by the {window} (recommendation {target})");
            target = stabilized;
        }

        // Rate policies.
        var s = context.State;
        if (target > current)
        {
            var limit = HpaBehaviorRules.ScaleUpLimit(current, s.ScaleUpEvents, s.ScaleDownEvents, up, now, out var policy);
            if (current == 0)
            {
                limit = Math.Max(limit, Math.Max(spec.MinReplicaCount, 1));
            }

            limit = Math.Max(limit, current);
            if (target > limit)
            {
                var reason = up.SelectPolicy == "Disabled" ? ScaleReason.ScalingDisabled : ScaleReason.ScaleUpLimited;
                context.Set(limit, reason, $"{context.Message}; limited to {limit} by {policy}");
            }
        }
        else if (target < current)
        {
            var limit = HpaBehaviorRules.ScaleDownLimit(current, s.ScaleUpEvents, s.ScaleDownEvents, down, now, out var policy);
            limit = Math.Min(limit, current);
            if (target < limit)
            {
                var reason = down.SelectPolicy == "Disabled" ? ScaleReason.ScalingDisabled : ScaleReason.ScaleDownLimited;
                var toward = resting ? $" on the way to {target} after the cooldown" : "";
                context.Set(limit, reason, $"{context.Message}; limited to {limit}{toward} by {policy}");
            }
        }
    }
}
