using System.Runtime.CompilerServices;

namespace Autoscaler.Engine;

/// <summary>
/// The working state of one decision as it passes through the stages of <see cref="ScaleEngine"/>. Each stage
/// reads the input and what earlier stages decided, and may change <see cref="Desired"/> with a reason. A context is
/// valid only while its decision runs: the engine reuses it for the next decision on the same thread.
/// </summary>
public sealed class DecisionContext
{
    internal DecisionContext(ScaleInput input) => Reset(input);

    /// <summary>Starts a new decision on this context: every field as a new context for <paramref name="input"/> would have it.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(Input), nameof(State), nameof(Recommendations), nameof(Message))]
    internal void Reset(ScaleInput input)
    {
        Input = input;
        State = input.State;
        Desired = input.CurrentReplicas;
        Explain = input.Explain;
        Recommendations ??= new List<TriggerRecommendation>(input.Triggers.Count);
        Recommendations.Clear();
        Message = Explain ? "no change" : "";
        Recommended = null;
        IsActive = false;
        AllTriggersFailed = false;
        Fallback = null;
        Paused = null;
        DecidedByKnative = false;
        Reason = ScaleReason.Metrics;
        Prediction = null;
        ActiveAt = null;
    }

    /// <summary>
    /// A recommendation for this decision: the record the previous decision on this context made at the same position
    /// when it holds the same values (records are values), else a new one. Steady replays then allocate none.
    /// </summary>
    internal TriggerRecommendation Recommendation(int index, string name, int? replicas, string explanation)
    {
        var position = Recommendations.Count;
        if (position < _lastRecommendations.Length && _lastRecommendations[position] is var last
            && last.Index == index && last.Replicas == replicas && string.Equals(last.Name, name, StringComparison.Ordinal)
            && string.Equals(last.Explanation, explanation, StringComparison.Ordinal))
        {
            return last;
        }

        return new TriggerRecommendation(index, name, replicas, explanation);
    }

    /// <summary>The recommendations as the decision returns them: the previous decision's (read-only) array again when it holds the same records, else a new one.</summary>
    internal IReadOnlyList<TriggerRecommendation> TakeRecommendations()
    {
        var list = Recommendations;
        var last = _lastRecommendations;
        var same = last.Length == list.Count;
        for (var i = 0; same && i < last.Length; i++)
        {
            same = ReferenceEquals(last[i], list[i]);
        }

        return same ? last : _lastRecommendations = list.ToArray();
    }

    private TriggerRecommendation[] _lastRecommendations = [];

    /// <summary>The decision's input.</summary>
    public ScaleInput Input { get; private set; }

    /// <summary>Whether this decision builds its reason text (<see cref="ScaleInput.Explain"/>); when false, <see cref="Message"/> and the explanations stay empty.</summary>
    public bool Explain { get; private set; }

    /// <summary>The decision's time.</summary>
    public DateTimeOffset Now => Input.Now;

    /// <summary>The target's current replica count.</summary>
    public int Current => Input.CurrentReplicas;

    /// <summary>The max over triggers of what each asks for; null when no trigger gave a value.</summary>
    public int? Recommended { get; set; }

    /// <summary>Whether any trigger is active.</summary>
    public bool IsActive { get; set; }

    /// <summary>True when no trigger could be read: later stages keep the current count unless they know better (fallback).</summary>
    public bool AllTriggersFailed { get; set; }

    /// <summary>Why fallback is in force this round; null when it is not.</summary>
    public string? Fallback { get; set; }

    /// <summary>Why scaling is paused this round (fully or in one direction); null when it is not.</summary>
    public string? Paused { get; set; }

    /// <summary>True when Knative mode decided the count (the HPA activation and behavior stages then stand aside).</summary>
    public bool DecidedByKnative { get; set; }

    /// <summary>Whether the decision so far lets the object rest at 0 or its idle count.</summary>
    public bool IsResting => Reason is ScaleReason.ScaledToZero or ScaleReason.ScaledToIdle or ScaleReason.Idle;

    /// <summary>The replica count decided so far.</summary>
    public int Desired { get; private set; }

    /// <summary>What bound <see cref="Desired"/>.</summary>
    public ScaleReason Reason { get; private set; }

    /// <summary>The reason in words; empty when <see cref="Explain"/> is false.</summary>
    public string Message { get; private set; }

    /// <summary>The state to hand to the next decision.</summary>
    public ScalerState State { get; set; }

    /// <summary>How the forecast was combined with the reactive answer; null when there was no forecast.</summary>
    public Autoscaler.Prediction.PredictionDecision? Prediction { get; set; }

    /// <summary>
    /// What each trigger asked for, in this decision. The list is reused by the next decision on this thread; the
    /// decision returns the records in an array (the previous decision's array when it holds the same records).
    /// </summary>
    public List<TriggerRecommendation> Recommendations { get; private set; }

    /// <summary>
    /// When a trigger was seen active in this decision: the state's <see cref="ScalerState.LastActiveTime"/> becomes
    /// this. Kept here and written into the state with the next change a stage makes (or at the end of the decision),
    /// so a decision copies its state once rather than once per field.
    /// </summary>
    public DateTimeOffset? ActiveAt { get; private set; }

    /// <summary>Records that a trigger is active now (see <see cref="ActiveAt"/>).</summary>
    public void MarkActive() => ActiveAt = Now;

    /// <summary>The state's last active time with this decision's <see cref="ActiveAt"/> applied.</summary>
    public DateTimeOffset? LastActiveTime => ActiveAt ?? State.LastActiveTime;

    /// <summary>Sets the decided count and why.</summary>
    public void Set(int desired, ScaleReason reason, string message)
    {
        Desired = desired;
        Reason = reason;
        Message = Explain ? message : "";
    }

    /// <summary>Sets the decided count and why; the text is formatted only when <see cref="Explain"/> is true.</summary>
    public void Set(int desired, ScaleReason reason, [InterpolatedStringHandlerArgument("")] ref ReasonText message)
    {
        Desired = desired;
        Reason = reason;
        Message = message.ToStringAndClear();
    }
}
