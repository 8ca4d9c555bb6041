using Autoscaler.Model;

namespace Autoscaler.Configuration;

/// <summary>Identifies one resource: kind, namespace and name.</summary>
/// <param name="Kind">The kind (<c>ScaledObject</c>, <c>ScaledJob</c>, ...).</param>
/// <param name="Namespace">The namespace; empty for cluster-scoped kinds.</param>
/// <param name="Name">The name.</param>
public sealed record ResourceKey(string Kind, string Namespace, string Name)
{
    /// <summary>The key of <paramref name="resource"/>.</summary>
    public static ResourceKey Of(IResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var ns = resource is TriggerAuthentication { IsClusterScoped: true } ? "" : resource.Metadata.Namespace;
        return new ResourceKey(resource.Kind, ns, resource.Metadata.Name);
    }

    /// <inheritdoc />
    public override string ToString() => Namespace.Length == 0 ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}
