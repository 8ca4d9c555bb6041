namespace Autoscaler.Model;

/// <summary>A TriggerAuthentication (namespaced) or ClusterTriggerAuthentication (cluster-wide).</summary>
public sealed class TriggerAuthentication : IResource
{
    /// <summary>The namespaced kind name.</summary>
    public const string KindName = "TriggerAuthentication";

    /// <summary>The cluster-wide kind name.</summary>
    public const string ClusterKindName = "ClusterTriggerAuthentication";

    /// <summary>The API version as written.</summary>
    public string ApiVersion { get; set; } = ApiVersions.Autoscaler;

    /// <summary><see cref="KindName"/> or <see cref="ClusterKindName"/>.</summary>
    public string Kind { get; set; } = KindName;

    /// <inheritdoc />
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The spec.</summary>
    public TriggerAuthenticationSpec Spec { get; set; } = new();

    /// <summary>Whether this is a ClusterTriggerAuthentication.</summary>
    public bool IsClusterScoped => Kind == ClusterKindName;
}
