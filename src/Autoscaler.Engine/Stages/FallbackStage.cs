namespace Autoscaler.Engine.Stages;

/// <summary>
/// KEDA's fallback: a trigger that has failed more than <c>fallback.failureThreshold</c> reads in a row asks for
/// the fallback count instead of being ignored: <c>static</c> = <c>fallback.replicas</c>, <c>currentReplicas</c> =
/// the current count, <c>currentReplicasIfHigher</c> = max(current, replicas), <c>currentReplicasIfLower</c> =
/// min(current, replicas). The result is the max over the healthy triggers and the triggers in fallback (the
/// HPA's max over metrics). While in force, <see cref="DecisionContext.Fallback"/> says why, and activation
/// (scale to zero) stands aside.
/// </summary>
public sealed class FallbackStage : IScalingStage
{
    /// <inheritdoc />
    public string Name => "fallback";

    /// <summary>The fallback count for a behavior at <paramref name="current"/> replicas.</summary>
    public static int Replicas(string behavior, int replicas, int current) => behavior switch
    {
        "currentReplicas" => current,
        "currentReplicasIfHigher" => Math.Max(current, replicas),
        "currentReplicasIfLower" => Math.Min(current, replicas),
        _ => replicas,
    };

    /// <inheritdoc />
    public void Apply(DecisionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Input.Spec.Fallback is not { } fallback)
        {
            return;
        }

        var failures = context.State.TriggerFailures;
        var failing = new List<string>();
        var worst = 0;
        for (var i = 0; i < failures.Length && i < context.Input.Triggers.Count; i++)
        {
            if (failures[i] > fallback.FailureThreshold)
            {
                failing.Add($"'{context.Input.Triggers[i].Name}'");
                worst = Math.Max(worst, failures[i]);
            }
        }

        if (failing.Count == 0)
        {
            return;
        }

        var replicas = Replicas(fallback.Behavior, fallback.Replicas, context.Current);
        var healthy = context.AllTriggersFailed ? (int?)null : context.Recommended;
        var desired = Math.Max(replicas, healthy ?? 0);
        context.Fallback = $"trigger(s) {string.Join(", ", failing)} failed {worst} reads in a row (more than failureThreshold {fallback.FailureThreshold}); fallback behavior {fallback.Behavior} → {replicas}";
        if (healthy is { } h && h > replicas)
        {
            context.Set(desired, ScaleReason.Metrics, $"{context.Message}; above the fallback count {replicas} ({context.Fallback})");
        }
        else
        {
            context.Set(desired, ScaleReason.Fallback, $"fallback: {context.Fallback}");
        }
    }
}
