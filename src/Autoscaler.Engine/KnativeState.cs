using System.Collections.Immutable;

namespace Autoscaler.Engine;

/// <summary>
/// What Knative mode remembers: a ring of one-second buckets of the observed value (slot = second mod window),
/// the panic state, the scale-down delay window, and since when the stable window wants zero pods. A value.
/// </summary>
public sealed record KnativeState
{
    /// <summary>The Unix second each slot holds (a slot whose second is not in the window counts as 0).</summary>
    public ImmutableArray<long> Seconds { get; init; } = [];

    /// <summary>Per-slot sums of the observed value.</summary>
    public ImmutableArray<double> Sums { get; init; } = [];

    /// <summary>Per-slot sample counts.</summary>
    public ImmutableArray<int> Counts { get; init; } = [];

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
}
