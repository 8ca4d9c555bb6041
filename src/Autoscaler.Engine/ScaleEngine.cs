using Autoscaler.Engine.Stages;

namespace Autoscaler.Engine;

/// <summary>
/// The decision core for ScaledObjects: a fixed pipeline of pure stages. Spec, samples, state and now in;
/// a <see cref="ScaleDecision"/> out. Thread-safe: it holds no mutable state.
/// </summary>
public sealed class ScaleEngine
{
    private readonly Action<DecisionContext>[] _stages;

    /// <summary>An engine with <see cref="DefaultStages"/>.</summary>
    public ScaleEngine() : this(DefaultStages()) { }

    /// <summary>An engine with the given stages, applied in order.</summary>
    public ScaleEngine(IReadOnlyList<IScalingStage> stages) =>
        _stages = [.. stages.Select(stage => (Action<DecisionContext>)stage.Apply)]; // a delegate call is cheaper than an interface call that differs per stage

    /// <summary>
    /// The stages in order. Where later work plugs in:
    /// metrics → scaling modifiers → fallback → Knative mode (when <c>spec.knative</c> is set) →
    /// activation (0 ↔ 1, cooldown, idle) → HPA behavior (stabilization, policies) →
    /// prediction (a forecast may raise, never lower) → scheduled floors → clamp → pause → scale events.
    /// </summary>
    public static IReadOnlyList<IScalingStage> DefaultStages() =>
    [
        new MetricStage(),
        new ScalingModifierStage(),
        new FallbackStage(),
        new KnativeStage(),
        new ActivationStage(),
        new BehaviorStage(),
        new PredictionStage(),
        new ScheduledFloorStage(),
        new ClampStage(),
        new PauseStage(),
        new ScaleEventStage(),
    ];

    /// <summary>Decides the replica count for one object at <see cref="ScaleInput.Now"/>.</summary>
    public ScaleDecision Decide(ScaleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // One context per thread, reused: a decision allocates only what it returns.
        var context = t_spare ?? new DecisionContext(input);
        t_spare = null; // a stage that decided again on this thread would get a context of its own
        context.Reset(input);
        foreach (var apply in _stages)
        {
            apply(context);
        }

        if (context.ActiveAt is { } activeAt && context.State.LastActiveTime != activeAt)
        {
            context.State = context.State with { LastActiveTime = activeAt };
        }

        var decision = new ScaleDecision(context.Desired, context.IsActive, context.Reason, context.Message, context.State, context.Recommendations.ToArray())
        {
            Fallback = context.Fallback,
            Paused = context.Paused,
            Prediction = context.Prediction,
        };
        t_spare = context;
        return decision;
    }

    [ThreadStatic]
    private static DecisionContext? t_spare;
}
