using System.Collections.Immutable;

namespace Autoscaler.Engine;

/// <summary>
/// What the engine remembers about one object between decisions. A value: the engine returns the next state
/// with each decision, and the caller keeps it (and may persist it).
/// </summary>
public sealed record ScalerState
{
    /// <summary>When the object was first seen (for <c>initialCooldownPeriod</c>).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The last time any trigger was active (KEDA's <c>status.lastActiveTime</c>).</summary>
    public DateTimeOffset? LastActiveTime { get; init; }

    /// <summary>Reads in a row in which every trigger failed.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>Per trigger index: reads in a row in which that trigger failed (for fallback).</summary>
    public ImmutableArray<int> TriggerFailures { get; init; } = [];

    /// <summary>The HPA's recommendation history (raw desired counts) for the stabilization windows, oldest first.</summary>
    public AppendWindow<TimedCount> Recommendations { get; init; }

    /// <summary>Per trigger index: its recommendation history, kept when any trigger has its own behavior.</summary>
    public ImmutableArray<ImmutableArray<TimedCount>> TriggerRecommendations { get; init; } = [];

    /// <summary>Scale-up events (replicas added) within the longest scale-up policy period.</summary>
    public ImmutableArray<TimedCount> ScaleUpEvents { get; init; } = [];

    /// <summary>Scale-down events (replicas removed) within the longest scale-down policy period.</summary>
    public ImmutableArray<TimedCount> ScaleDownEvents { get; init; } = [];

    /// <summary>Knative mode's windows and panic state; null until Knative mode first runs.</summary>
    public KnativeState? Knative { get; init; }

    /// <summary>A new state for an object first seen at <paramref name="now"/>.</summary>
    public static ScalerState New(DateTimeOffset now) => new() { CreatedAt = now };
}
