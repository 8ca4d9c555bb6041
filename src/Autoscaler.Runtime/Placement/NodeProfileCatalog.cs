using Microsoft.Extensions.Options;

namespace Autoscaler.Runtime.Placement;

/// <summary>The node profiles a placement may name: the built-ins plus the custom ones in <see cref="NodeProfileOptions"/>.</summary>
public sealed class NodeProfileCatalog
{
    private readonly Dictionary<string, NodeProfile> _profiles;

    /// <summary>Creates the catalog from the (validated) options.</summary>
    public NodeProfileCatalog(IOptions<NodeProfileOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _profiles = new Dictionary<string, NodeProfile>(NodeProfile.BuiltIn, StringComparer.Ordinal);
        foreach (var (name, profile) in options.Value.Profiles)
        {
            _profiles.TryAdd(name, profile);
        }

        Names = [.. _profiles.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>Every profile name, sorted.</summary>
    public IReadOnlyCollection<string> Names { get; }

    /// <summary>The profile called <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> (with "did you mean") when there is none.</summary>
    public NodeProfile Get(string name) => _profiles.TryGetValue(name, out var profile)
        ? profile
        : throw new KeyNotFoundException($"unknown node profile '{name}'{Validation.NameSuggester.Hint(name, Names)}");
}
