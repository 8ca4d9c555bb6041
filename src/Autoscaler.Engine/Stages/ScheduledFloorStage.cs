namespace Autoscaler.Engine.Stages;

/// <summary>
/// Warm minimums by time (<c>spec.scheduledFloors</c>): inside a window the count is at least its
/// <c>minReplicas</c>, whatever the triggers, cooldown or behavior decided. A floor, never a competing trigger: it only raises.
/// Where a predictive floor goes: a stage just before this one, raising the count the same way.
/// </summary>
public sealed class ScheduledFloorStage : IScalingStage
{
    /// <inheritdoc />
    public string Name => "scheduled-floors";

    /// <inheritdoc />
    public void Apply(DecisionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var floors = context.Input.Spec.ScheduledFloors;
        if (floors.Count == 0 || context.Fallback is not null)
        {
            return;
        }

        var best = 0;
        string? which = null;
        for (var i = 0; i < floors.Count; i++)
        {
            var floor = floors[i];
            if (floor.MinReplicas > best && ScheduleWindows.IsInside(floor, context.Now))
            {
                best = floor.MinReplicas;
                which = floor.Name ?? $"scheduledFloors[{i}]";
            }
        }

        if (which is not null && context.Desired < best)
        {
            context.Set(best, ScaleReason.ScheduledFloor, $"{context.Message}; raised to {best} by scheduled floor '{which}'");
        }
    }
}
