namespace Autoscaler.Configuration;

/// <summary>What loading one or more files produced: the valid resources, and every error.</summary>
public sealed class ManifestLoadResult
{
    /// <summary>Resources that loaded and passed validation.</summary>
    public List<LoadedResource> Resources { get; } = [];

    /// <summary>Every error, each with file, line, column, field path and reason.</summary>
    public List<ConfigError> Errors { get; } = [];

    /// <summary>
    /// Resources that could be named but were invalid. A reloading source keeps their last good version running.
    /// </summary>
    public List<ResourceKey> InvalidResources { get; } = [];

    /// <summary>Files that could not be parsed at all (YAML syntax); a reloading source keeps everything they held.</summary>
    public List<string> UnparsableFiles { get; } = [];

    /// <summary>Documents of other kinds (for example a Deployment beside a ScaledObject), skipped: <c>file:line kind</c>.</summary>
    public List<string> Skipped { get; } = [];

    /// <summary>Whether nothing went wrong.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>Adds everything from <paramref name="other"/>.</summary>
    public void Add(ManifestLoadResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Resources.AddRange(other.Resources);
        Errors.AddRange(other.Errors);
        InvalidResources.AddRange(other.InvalidResources);
        UnparsableFiles.AddRange(other.UnparsableFiles);
        Skipped.AddRange(other.Skipped);
    }
}
