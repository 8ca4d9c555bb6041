namespace Autoscaler.Engine.Stages;

/// <summary>
/// KEDA's activation phase: 0 ↔ 1 and the idle count. While any trigger is active the object runs at least
/// max(minReplicaCount, 1) and <c>lastActiveTime</c> is now. When none is active and the object may rest
/// (<c>minReplicaCount</c> 0 or an <c>idleReplicaCount</c>), it goes to the idle count (or 0) once
/// <c>cooldownPeriod</c> has passed since the last activity and <c>initialCooldownPeriod</c> since creation;
/// until then the metric rules govern.
/// </summary>
public sealed class ActivationStage : IScalingStage
{
    /// <inheritdoc />
    public string Name => "activation";

    /// <inheritdoc />
    public void Apply(DecisionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.DecidedByKnative)
        {
            return;
        }

        if (context.Fallback is not null)
        {
            if (context.IsActive)
            {
                context.MarkActive();
            }

            return;
        }

        var spec = context.Input.Spec;
        var now = context.Now;
        var restCount = spec.IdleReplicaCount ?? spec.MinReplicaCount;
        var canRest = spec.IdleReplicaCount is not null || spec.MinReplicaCount == 0;
        var activeFloor = Math.Max(spec.MinReplicaCount, 1);

        if (context.IsActive)
        {
            context.MarkActive();
            if (context.Current <= restCount && canRest)
            {
                var target = Math.Max(context.Recommended ?? activeFloor, activeFloor);
                context.Set(target, ScaleReason.Activated, $"activated by trigger {ActiveTriggers(context)} from {context.Current}; {context.Message}");
            }

            return;
        }

        if (context.AllTriggersFailed)
        {
            return;
        }

        if (!canRest)
        {
            return;
        }

        var cooldownEnds = context.State.LastActiveTime is { } last ? last.AddSeconds(spec.CooldownPeriod) : DateTimeOffset.MinValue;
        var initialEnds = context.State.CreatedAt.AddSeconds(spec.InitialCooldownPeriod);
        var restAt = cooldownEnds > initialEnds ? cooldownEnds : initialEnds;

        if (context.Current <= restCount)
        {
            context.Set(context.Current, ScaleReason.Idle, $"no trigger active; resting at {context.Current}");
            return;
        }

        if (now >= restAt)
        {
            var reason = spec.IdleReplicaCount is null ? ScaleReason.ScaledToZero : ScaleReason.ScaledToIdle;
            context.Set(restCount, reason, $"scaled to {RestName(spec, restCount)}: {WhyResting(context.State, spec)}");
            return;
        }

        var desired = Math.Max(context.Desired, activeFloor);
        context.Set(desired, ScaleReason.CooldownPending, $"no trigger active; scale to {RestName(spec, restCount)} at {restAt:O}; until then {context.Message}");
    }

    private static string ActiveTriggers(DecisionContext context) =>
        string.Join(", ", context.Input.Triggers.Where(t => t.IsActive).Select(t => $"'{t.Name}'"));

    private static string RestName(Model.ScaledObjectSpec spec, int restCount) =>
        spec.IdleReplicaCount is null ? "zero" : $"idleReplicaCount {restCount}";

    private static string WhyResting(ScalerState state, Model.ScaledObjectSpec spec) => state.LastActiveTime is null
        ? "no trigger has been active"
        : $"no trigger active since {state.LastActiveTime:O} (cooldownPeriod {spec.CooldownPeriod}s)";
}
