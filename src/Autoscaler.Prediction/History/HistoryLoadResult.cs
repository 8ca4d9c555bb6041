namespace Autoscaler.Prediction.History;

/// <summary>
/// What loading a persisted history gave: the history (empty when the file was missing or unreadable) and, when
/// it started empty, why. Loading never throws: a bad file means "start empty, log the reason, behave reactively".
/// </summary>
/// <param name="History">The history; empty when <see cref="Loaded"/> is false.</param>
/// <param name="Loaded">Whether the persisted data was read.</param>
/// <param name="Reason">Why it started empty (missing, truncated, bad checksum, other version, other step); null when loaded.</param>
public sealed record HistoryLoadResult(DemandHistory History, bool Loaded, string? Reason);
