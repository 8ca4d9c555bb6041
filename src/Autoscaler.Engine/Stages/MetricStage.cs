namespace Autoscaler.Engine.Stages;

/// <summary>
/// Per-trigger replicas from each metric and its target (HPA formulas), the max over triggers, and the activity
/// flag (any trigger active). Counts rounds in which every trigger failed.
/// </summary>
public sealed class MetricStage : IScalingStage
{
    /// <inheritdoc />
    public string Name => "metrics";

    /// <inheritdoc />
    public void Apply(DecisionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int? best = null;
        string? bestExplanation = null;
        var failures = 0;
        var behavior = context.Input.Spec.Advanced?.HorizontalPodAutoscalerConfig?.Behavior;
        var upTolerance = behavior?.ScaleUp?.Tolerance ?? ReplicaMath.DefaultTolerance;
        var downTolerance = behavior?.ScaleDown?.Tolerance ?? ReplicaMath.DefaultTolerance;
        var perTrigger = new int[context.Input.Triggers.Count];
        var previous = context.State.TriggerFailures;
        for (var i = 0; i < perTrigger.Length; i++)
        {
            var sample = context.Input.Triggers[i];
            var failed = sample.HasFailed || sample.Metric is null || sample.Value is null;
            perTrigger[i] = failed ? (i < previous.Length ? previous[i] : 0) + 1 : 0;
        }

        foreach (var sample in context.Input.Triggers)
        {
            if (sample.HasFailed || sample.Metric is null || sample.Value is null)
            {
                failures++;
                context.Recommendations.Add(new TriggerRecommendation(sample.Index, sample.Name, null, "read failed: " + sample.Error));
                continue;
            }

            var replicas = ReplicaMath.Replicas(sample.Metric, sample.Value.Value, context.Current, upTolerance, downTolerance, out var explanation);
            context.Recommendations.Add(new TriggerRecommendation(sample.Index, sample.Name, replicas, explanation));
            if (sample.IsActive)
            {
                context.IsActive = true;
            }

            if (best is null || replicas > best)
            {
                best = replicas;
                bestExplanation = $"trigger '{sample.Name}': {explanation}";
            }
        }

        var total = context.Input.Triggers.Count;
        context.AllTriggersFailed = total > 0 && failures == total;
        context.State = context.State with
        {
            ConsecutiveFailures = context.AllTriggersFailed ? context.State.ConsecutiveFailures + 1 : 0,
            TriggerFailures = [.. perTrigger],
        };
        context.Recommended = best;
        if (context.AllTriggersFailed)
        {
            context.Set(context.Current, ScaleReason.ScalerErrors, $"all {total} trigger(s) failed; holding {context.Current} replicas");
        }
        else if (best is { } recommended)
        {
            var reason = recommended == context.Current && context.Recommendations.Any(r => r.Explanation.Contains("tolerance", StringComparison.Ordinal))
                ? ScaleReason.WithinTolerance
                : ScaleReason.Metrics;
            context.Set(recommended, reason, bestExplanation!);
        }
    }
}
