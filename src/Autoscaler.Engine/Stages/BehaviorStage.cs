using System.Collections.Immutable;

namespace Autoscaler.Engine.Stages;

/// <summary>
/// HPA v2 behavior, as the controller applies it (normalizeDesiredReplicasWithBehaviors): first the stabilization
/// windows (up: the min of the recommendations within <c>scaleUp.stabilizationWindowSeconds</c>, default 0; down:
/// the max within <c>scaleDown.stabilizationWindowSeconds</c>, default 300), then the rate policies
/// (Pods/Percent per <c>periodSeconds</c>, <c>selectPolicy</c>). One engine for 0 ↔ 1 and 1 ↔ N: the step to zero
/// or the idle count after the cooldown goes at the scale-down policies' pace (the cooldown stands in for the
/// stabilization window on that step); an activation from rest goes straight to the recommendation unless the user
/// wrote scale-up policies, which then bound it like any other scale-up (never below the activation count).
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
        if (!context.IsResting && spec.Advanced?.ScalingModifiers?.Formula is not { Length: > 0 } && AnyTriggerBehavior(spec))
        {
            PerTrigger(context, behavior);
            return;
        }

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
        var history = HpaBehaviorRules.Recent(context.State.Recommendations, now, Math.Max(upWindow, downWindow));
        var upRecommendation = target;
        var downRecommendation = target;
        var upCutoff = HpaBehaviorRules.CutoffTicks(now, upWindow); // DateTimeOffset compares by UTC ticks: the same test, cheaper
        var downCutoff = HpaBehaviorRules.CutoffTicks(now, downWindow);
        foreach (var r in resting ? [] : history.AsSpan())
        {
            var time = r.Time.UtcTicks;
            if (time > upCutoff)
            {
                upRecommendation = Math.Min(upRecommendation, r.Count);
            }

            if (time > downCutoff)
            {
                downRecommendation = Math.Max(downRecommendation, r.Count);
            }
        }

        context.State = context.State with { Recommendations = history.Append(new TimedCount(now, raw)), LastActiveTime = context.LastActiveTime };
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
            context.Set(stabilized, ScaleReason.Stabilized, $"{context.Message}; held at {stabilized} by the {(stabilized > target ? $"scaleDown stabilizationWindowSeconds {downWindow}" : $"scaleUp stabilizationWindowSeconds {upWindow}")} (recommendation {target})");
            target = stabilized;
        }

        // Rate policies.
        var s = context.State;
        if (target > current)
        {
            var limit = HpaBehaviorRules.LimitUp(current, s.ScaleUpEvents, s.ScaleDownEvents, up, now, out var policy);
            if (current == 0)
            {
                limit = Math.Max(limit, Math.Max(spec.MinReplicaCount, 1));
            }

            limit = Math.Max(limit, current);
            if (target > limit && !(context.Reason == ScaleReason.Activated && !HasOwnScaleUpPolicies(behavior)))
            {
                var reason = up.SelectPolicy == "Disabled" ? ScaleReason.ScalingDisabled : ScaleReason.ScaleUpLimited;
                context.Set(limit, reason, $"{context.Message}; limited to {limit} by {HpaBehaviorRules.DescribeScaleUp(up, policy)}");
            }
        }
        else if (target < current)
        {
            var limit = HpaBehaviorRules.LimitDown(current, s.ScaleUpEvents, s.ScaleDownEvents, down, now, out var policy);
            limit = Math.Min(limit, current);
            if (target < limit)
            {
                var reason = down.SelectPolicy == "Disabled" ? ScaleReason.ScalingDisabled : ScaleReason.ScaleDownLimited;
                context.Set(limit, reason, $"{context.Message}; limited to {limit}{(resting ? $" on the way to {target} after the cooldown" : "")} by {HpaBehaviorRules.DescribeScaleDown(down, policy)}");
            }
        }
    }

    /// <summary>
    /// Per-trigger behavior (our <c>triggers[].behavior</c>): each trigger's recommendation is stabilized over its
    /// own history and limited by its own (or the object's) policies; the result is the max over triggers.
    /// </summary>
    private static void PerTrigger(DecisionContext context, Model.HpaBehavior? objectBehavior)
    {
        var spec = context.Input.Spec;
        var now = context.Now;
        var current = context.Current;
        var s = context.State;
        var histories = new ImmutableArray<TimedCount>[spec.Triggers.Count];
        int? best = null;
        var why = "";
        foreach (var r in context.Recommendations)
        {
            if (r.Index < 0 || r.Index >= histories.Length || r.Replicas is not { } raw)
            {
                continue;
            }

            var behavior = spec.Triggers[r.Index].Behavior ?? objectBehavior;
            var up = HpaBehaviorRules.ScaleUp(behavior);
            var down = HpaBehaviorRules.ScaleDown(behavior);
            var upWindow = up.StabilizationWindowSeconds ?? 0;
            var downWindow = down.StabilizationWindowSeconds ?? 0;
            var history = r.Index < s.TriggerRecommendations.Length ? s.TriggerRecommendations[r.Index] : [];
            history = HpaBehaviorRules.Prune(history.IsDefault ? [] : history, now, Math.Max(upWindow, downWindow));
            int upRec = raw, downRec = raw;
            foreach (var h in history)
            {
                if (h.Time > now.AddSeconds(-upWindow))
                {
                    upRec = Math.Min(upRec, h.Count);
                }

                if (h.Time > now.AddSeconds(-downWindow))
                {
                    downRec = Math.Max(downRec, h.Count);
                }
            }

            histories[r.Index] = history.Add(new TimedCount(now, raw));
            var value = Math.Min(Math.Max(current, upRec), downRec);
            var note = value != raw ? $" stabilized to {value}" : "";
            if (value > current)
            {
                var limit = Math.Max(HpaBehaviorRules.ScaleUpLimit(current, s.ScaleUpEvents, s.ScaleDownEvents, up, now, out var policy), current);
                if (current == 0)
                {
                    limit = Math.Max(limit, Math.Max(spec.MinReplicaCount, 1));
                }

                if (value > limit && !(context.Reason == ScaleReason.Activated && !HasOwnScaleUpPolicies(behavior)))
                {
                    value = limit;
                    note += $" limited by {policy}";
                }
            }
            else if (value < current)
            {
                var limit = Math.Min(HpaBehaviorRules.ScaleDownLimit(current, s.ScaleUpEvents, s.ScaleDownEvents, down, now, out var policy), current);
                if (value < limit)
                {
                    value = limit;
                    note += $" limited by {policy}";
                }
            }

            if (best is null || value > best)
            {
                best = value;
                why = $"trigger '{r.Name}' asks {raw}{note} → {value} (its {(spec.Triggers[r.Index].Behavior is null ? "object" : "own")} behavior)";
            }
        }

        for (var i = 0; i < histories.Length; i++)
        {
            if (histories[i].IsDefault)
            {
                histories[i] = i < s.TriggerRecommendations.Length && !s.TriggerRecommendations[i].IsDefault ? s.TriggerRecommendations[i] : [];
            }
        }

        context.State = s with { TriggerRecommendations = [.. histories] };
        if (best is { } b)
        {
            var asked = context.Recommended ?? b;
            var reason = b == asked ? ScaleReason.Metrics : b < asked ? ScaleReason.ScaleUpLimited : ScaleReason.Stabilized;
            context.Set(b, reason, $"per-trigger behavior: {why}");
        }
    }

    private static bool AnyTriggerBehavior(Model.ScaledObjectSpec spec)
    {
        var triggers = spec.Triggers;
        for (var i = 0; i < triggers.Count; i++)
        {
            if (triggers[i].Behavior is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether scale-up policies were written by the user (the HPA defaults do not slow an activation).</summary>
    private static bool HasOwnScaleUpPolicies(Model.HpaBehavior? behavior) => behavior?.ScaleUp is { } up && (up.Policies.Count > 0 || up.SelectPolicy is not null);
}
