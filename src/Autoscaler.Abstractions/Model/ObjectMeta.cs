namespace Autoscaler.Model;

/// <summary>The metadata of a resource, as Kubernetes names it.</summary>
public sealed class ObjectMeta
{
    /// <summary>The object's name (a DNS-1123 subdomain). Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>The namespace. The default is <c>default</c>.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>Labels, kept as given.</summary>
    public Dictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Annotations, kept as given (KEDA's <c>autoscaling.keda.sh/*</c> annotations included).</summary>
    public Dictionary<string, string> Annotations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Set by the API server in cluster mode; ignored when loading files.</summary>
    public string? Uid { get; set; }

    /// <summary>Set by the API server in cluster mode; ignored when loading files.</summary>
    public string? ResourceVersion { get; set; }

    /// <summary>Set by the API server in cluster mode; ignored when loading files.</summary>
    public long? Generation { get; set; }

    /// <summary>Set by the API server in cluster mode; ignored when loading files.</summary>
    public string? CreationTimestamp { get; set; }
}
