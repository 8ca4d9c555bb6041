using Autoscaler.Actuation;

namespace Autoscaler.Kubernetes;

/// <summary>Group, version and plural resource name of a kind (the REST path of a scale target).</summary>
internal sealed record ResourceNames(string Group, string Version, string Plural)
{
    private static readonly Dictionary<string, string> KnownPlurals = new(StringComparer.Ordinal)
    {
        ["Deployment"] = "deployments",
        ["StatefulSet"] = "statefulsets",
        ["ReplicaSet"] = "replicasets",
        ["ScaledObject"] = "scaledobjects",
        ["ScaledJob"] = "scaledjobs",
    };

    public static ResourceNames Of(ScaleTargetKey target) => Of(target.ApiVersion, target.Kind);

    /// <summary>
    /// Lower-case plural of the kind, as Kubernetes makes it for CRDs by convention (<c>Rollout</c> → <c>rollouts</c>,
    /// <c>Policy</c> → <c>policies</c>). Kinds whose CRD picks another plural are not supported as scale targets.
    /// </summary>
    public static ResourceNames Of(string apiVersion, string kind)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        ArgumentNullException.ThrowIfNull(kind);
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        if (!KnownPlurals.TryGetValue(kind, out var plural))
        {
            var lower = kind.ToLowerInvariant();
            plural = lower.EndsWith('s') || lower.EndsWith('x') || lower.EndsWith("ch", StringComparison.Ordinal) || lower.EndsWith("sh", StringComparison.Ordinal)
                ? lower + "es"
                : lower.EndsWith('y') && lower.Length > 1 && !"aeiou".Contains(lower[^2], StringComparison.Ordinal) ? lower[..^1] + "ies" : lower + "s";
        }

        return new ResourceNames(group, version, plural);
    }
}
