using System.Collections.Immutable;
using System.Runtime.InteropServices;

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
        var anyWithinTolerance = false;
        var behavior = context.Input.Spec.Advanced?.HorizontalPodAutoscalerConfig?.Behavior;
        var upTolerance = behavior?.ScaleUp?.Tolerance ?? ReplicaMath.DefaultTolerance;
        var downTolerance = behavior?.ScaleDown?.Tolerance ?? ReplicaMath.DefaultTolerance;
        var triggers = context.Input.Triggers;
        var previous = context.State.TriggerFailures;
        var failureCounts = FailureCounts(triggers, previous);
        for (var t = 0; t < triggers.Count; t++) // an indexer, not foreach: no enumerator allocated per decision
        {
            var sample = triggers[t];
            if (sample.HasFailed || sample.Metric is null || sample.Value is null)
            {
                failures++;
                var failed = "read failed: " + sample.Error;
                anyWithinTolerance |= failed.Contains("tolerance", StringComparison.Ordinal);
                context.Recommendations.Add(new TriggerRecommendation(sample.Index, sample.Name, null, failed));
                continue;
            }

            var replicas = ReplicaMath.Replicas(sample.Metric, sample.Value.Value, context.Current, upTolerance, downTolerance, context.Explain, out var explanation, out var withinTolerance);
            anyWithinTolerance |= withinTolerance;
            context.Recommendations.Add(context.Recommendation(sample.Index, sample.Name, replicas, explanation));
            if (sample.IsActive)
            {
                context.IsActive = true;
            }

            if (best is null || replicas > best)
            {
                best = replicas;
                bestExplanation = context.Explain ? $"trigger '{sample.Name}': {explanation}" : "";
            }
        }

        var total = triggers.Count;
        context.AllTriggersFailed = total > 0 && failures == total;
        var consecutive = context.AllTriggersFailed ? context.State.ConsecutiveFailures + 1 : 0;
        if (consecutive != context.State.ConsecutiveFailures || failureCounts != previous)
        {
            context.State = context.State with { ConsecutiveFailures = consecutive, TriggerFailures = failureCounts };
        }

        context.Recommended = best;
        if (context.AllTriggersFailed)
        {
            context.Set(context.Current, ScaleReason.ScalerErrors, $"all {total} trigger(s) failed; holding {context.Current} replicas");
        }
        else if (best is { } recommended)
        {
            var reason = recommended == context.Current && anyWithinTolerance ? ScaleReason.WithinTolerance : ScaleReason.Metrics;
            context.Set(recommended, reason, bestExplanation!);
        }
    }

    /// <summary>Per trigger: failed reads in a row (0 after a good read); <paramref name="previous"/> itself when nothing changed.</summary>
    private static ImmutableArray<int> FailureCounts(IReadOnlyList<TriggerSample> triggers, ImmutableArray<int> previous)
    {
        var same = previous.Length == triggers.Count;
        for (var i = 0; same && i < triggers.Count; i++)
        {
            same = previous[i] == 0 && !Failed(triggers[i]);
        }

        if (same)
        {
            return previous;
        }

        var counts = new int[triggers.Count];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Failed(triggers[i]) ? (i < previous.Length ? previous[i] : 0) + 1 : 0;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(counts);
    }

    private static bool Failed(TriggerSample sample) => sample.HasFailed || sample.Metric is null || sample.Value is null;
}
