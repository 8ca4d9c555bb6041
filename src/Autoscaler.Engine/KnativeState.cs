using System.Collections.Immutable;

namespace Autoscaler.Engine;

/// <summary>
/// What Knative mode remembers: one-second buckets of the observed value over the stable window,
/// the panic state, the scale-down delay window, and since when the stable window wants zero pods. A value.
/// </summary>
public sealed record KnativeState
{
    /// <summary>
    /// The one-second buckets written within the last <see cref="WindowSeconds"/> seconds, oldest first (a second
    /// with no bucket counts as 0).
    /// </summary>
    public AppendWindow<KnativeBucket> Buckets { get; init; }

    /// <summary>The window the buckets cover, in seconds (the stable window).</summary>
    public int WindowSeconds { get; init; }

    /// <summary>The first second ever written: window averages count buckets from here (as Knative's do).</summary>
    public long FirstWrite { get; init; }

    /// <summary>The last second written.</summary>
    public long LastWrite { get; init; }

    /// <summary>When panic mode was last (re)entered; null when not panicking.</summary>
    public DateTimeOffset? PanicTime { get; init; }

    /// <summary>The most pods decided while panicking (panic never scales down).</summary>
    public int MaxPanicPods { get; init; }

    /// <summary>Recent decisions, for the scale-down delay (the max over the delay window is used).</summary>
    public ImmutableArray<TimedCount> Delay { get; init; } = [];

    /// <summary>Since when the stable window has wanted zero pods; null while it wants some.</summary>
    public DateTimeOffset? ZeroSince { get; init; }

    /// <summary>
    /// The sum of the buckets' values in fixed point (each value times 2^64, rounded down, summed exactly), kept as
    /// buckets come and go so that a decision need not add up the whole window; valid only when
    /// <see cref="HasWindowSum"/>. It only tells whether the exact in-order sum can change the decision (see KnativeStage).
    /// </summary>
    internal Int128 WindowSum { get; init; }

    /// <summary>Whether <see cref="WindowSum"/> covers every bucket (false until Knative mode first runs, and while a value is out of its range).</summary>
    internal bool HasWindowSum { get; init; }

    /// <summary>The buckets <see cref="WindowSum"/> was computed for: a state whose <see cref="Buckets"/> were replaced (<c>with</c>) has its sum computed again.</summary>
    internal AppendWindow<KnativeBucket> SummedBuckets { get; init; }
}
