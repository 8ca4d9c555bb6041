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

        var decision = new ScaleDecision(context.Desired, context.IsActive, context.Reason, context.Message, context.State, context.TakeRecommendations())
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

    /// <summary>
    /// Knative mode: how many of the next decisions, one every <paramref name="periodSeconds"/> after
    /// <paramref name="decision"/> (made from <paramref name="input"/>), are certain to decide the same replica count
    /// when the spec, current replicas, ready replicas and annotations stay as in <paramref name="input"/> and its
    /// single trigger reads <paramref name="values"/> (values[j] at Now + (j + 1) × period, each read otherwise as
    /// input's, active when above its metric's activation threshold). <paramref name="state"/> is then the state after
    /// the last of them: the same in value as deciding each one would leave (the window gains those seconds' buckets,
    /// its exact sum follows, the last active and panic times move on, old scale events are forgotten), so the next
    /// decision from it decides exactly as after deciding every one. A caller that replays decisions (the simulator)
    /// may skip that many. Returns 0 (and <paramref name="state"/> = the decision's) whenever that cannot be shown
    /// cheaply: not Knative mode, a count that is changing (desired ≠ current; see the overload with the tick the
    /// started pods become ready), a scale-down delay, a formula,
    /// scheduled floors, a forecast or annotations, a failed read, more than one trigger, a stable count near a
    /// boundary (within the error bound of the in-order sum), panic starting or ending, the scale-to-zero grace period
    /// ending, a panic window over 64 s.
    /// </summary>
    public static int HoldTicks(ScaleInput input, ScaleDecision decision, int periodSeconds, ReadOnlySpan<double> values, out ScalerState state)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.DesiredReplicas != input.CurrentReplicas)
        {
            state = decision.State;
            return 0;
        }

        return KnativeStage.Hold(input, decision, periodSeconds, values, readyFromTick: 1, out state);
    }

    /// <summary>
    /// As <see cref="HoldTicks(ScaleInput, ScaleDecision, int, ReadOnlySpan{double}, out ScalerState)"/> for a decision
    /// that may change the count: the next ticks see <paramref name="decision"/>'s count as the current replicas, and
    /// as ready replicas input's <see cref="ScaleInput.ReadyReplicas"/> (or current replicas) before tick
    /// <paramref name="readyFromTick"/> (1 = the first tick after the decision) and the decided count from it on: the
    /// pods a scale-up starts become ready at that tick; a scale-down removes ready pods at once (pass 1). A replay that
    /// knows when its pods become ready may then skip the ticks in between too.
    /// </summary>
    public static int HoldTicks(ScaleInput input, ScaleDecision decision, int periodSeconds, ReadOnlySpan<double> values, int readyFromTick, out ScalerState state)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(decision);
        return KnativeStage.Hold(input, decision, periodSeconds, values, readyFromTick, out state);
    }

    /// <summary>
    /// As <see cref="HoldTicks(ScaleInput, ScaleDecision, int, ReadOnlySpan{double}, int, out ScalerState)"/> for up
    /// to <paramref name="maxTicks"/> ticks, with the values asked of <paramref name="values"/> in chunks (16 ticks
    /// at a time) only as far as the hold goes: the same result as passing all of them at once.
    /// <paramref name="discardsStates"/> (default false): the caller promises that, when this returns more than 0, it
    /// never reads <paramref name="input"/>'s or <paramref name="decision"/>'s state (or any older one) again, as a
    /// replay that keeps only the latest state does; the held state's window may then reuse their buffer in place
    /// (moving its seconds to the front) instead of allocating a new one when the buffer has no room left at its end.
    /// </summary>
    public static int HoldTicks(ScaleInput input, ScaleDecision decision, int periodSeconds, int maxTicks, TickValues values, int readyFromTick, out ScalerState state, bool discardsStates = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(values);
        return KnativeStage.Hold(input, decision, periodSeconds, [], Math.Max(0, maxTicks), values, readyFromTick, out state, discardsStates);
    }

    /// <summary>
    /// Whether the object is at rest after <paramref name="decision"/> (made from <paramref name="input"/>): at zero
    /// replicas with every trigger read as 0 and inactive, nothing pending (no scale events, no failures, no panic,
    /// no scale-down delay holding a count, no value left in Knative's windows), and nothing that depends on the
    /// time (no scheduled floors, forecast, annotations or formula). Then a decision at any later time with the
    /// same spec, samples and replicas, from <paramref name="decision"/>'s state, again decides 0 for the same
    /// reason, and leaves a state that decides every later input exactly as this one does (Knative's windows gain
    /// only zero buckets, which add nothing to their in-order sums). A caller that replays such decisions (the
    /// simulator) may skip them until an input changes. False whenever that cannot be shown cheaply.
    /// </summary>
    public static bool IsAtRest(ScaleInput input, ScaleDecision decision)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(decision);
        var spec = input.Spec;
        var state = decision.State;
        if (input.CurrentReplicas != 0 || (input.ReadyReplicas ?? 0) != 0 || decision.DesiredReplicas != 0 || decision.IsActive
            || decision.Reason != ScaleReason.Idle || decision.Fallback is not null || decision.Paused is not null
            || input.Prediction is not null || input.Annotations.Count > 0 || spec.ScheduledFloors.Count > 0 || spec.MinReplicaCount != 0
            || spec.Advanced?.ScalingModifiers?.Formula is { Length: > 0 } || state.ConsecutiveFailures != 0
            || state.ScaleUpEvents is not { IsDefault: false, IsEmpty: true } || state.ScaleDownEvents is not { IsDefault: false, IsEmpty: true })
        {
            return false;
        }

        var triggers = input.Triggers;
        for (var i = 0; i < triggers.Count; i++)
        {
            var t = triggers[i];
            if (t.HasFailed || t.Metric is null || t.Value is not 0.0 || t.IsActive)
            {
                return false;
            }
        }

        if (spec.Knative is null)
        {
            return true; // the HPA path at rest: activation keeps the count (Idle), behavior and events stand aside, the state is unchanged
        }

        if (state.Knative is not { PanicTime: null, ZeroSince: not null } knative)
        {
            return false;
        }

        foreach (var b in knative.Buckets)
        {
            if (b.Sum != 0)
            {
                return false;
            }
        }

        foreach (var d in knative.Delay)
        {
            if (d.Count != 0)
            {
                return false;
            }
        }

        return true;
    }
}
