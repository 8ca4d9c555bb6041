using Autoscaler.Configuration;

namespace Autoscaler.Runtime.Status;

/// <summary>The state of the configuration source: the last load, and the errors it found.</summary>
public sealed class ConfigStatus
{
    private volatile Snapshot _current = new(null, [], [], false);

    /// <summary>When the configuration was last (re)loaded; null before the first load.</summary>
    public DateTimeOffset? LastLoadTime => _current.LastLoadTime;

    /// <summary>The errors of the last load (every file). Objects named by an invalid edit keep their last good version.</summary>
    public IReadOnlyList<ConfigError> Errors => _current.Errors;

    /// <summary>Objects whose last edit was invalid and which run their last good version.</summary>
    public IReadOnlyList<ResourceKey> KeptLastGood => _current.KeptLastGood;

    /// <summary>Whether the first load has finished.</summary>
    public bool Loaded => _current.Loaded;

    internal void Set(DateTimeOffset time, IReadOnlyList<ConfigError> errors, IReadOnlyList<ResourceKey> keptLastGood) =>
        _current = new Snapshot(time, errors, keptLastGood, true);

    private sealed record Snapshot(DateTimeOffset? LastLoadTime, IReadOnlyList<ConfigError> Errors, IReadOnlyList<ResourceKey> KeptLastGood, bool Loaded);
}
