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

    /// <summary>A new state for an object first seen at <paramref name="now"/>.</summary>
    public static ScalerState New(DateTimeOffset now) => new() { CreatedAt = now };
}
