namespace Autoscaler.Model;

/// <summary>A ScaledObject: scales a Deployment, StatefulSet or any resource with a scale subresource.</summary>
public sealed class ScaledObject : IScalableResource
{
    /// <summary>The kind name.</summary>
    public const string KindName = "ScaledObject";

    /// <summary><c>autoscaler.dev/v1alpha1</c>; <c>keda.sh/v1alpha1</c> is accepted unchanged.</summary>
    public string ApiVersion { get; set; } = ApiVersions.Autoscaler;

    /// <summary>Always <c>ScaledObject</c>.</summary>
    public string Kind { get; set; } = KindName;

    /// <inheritdoc />
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The spec.</summary>
    public ScaledObjectSpec Spec { get; set; } = new();

    /// <summary>A status read from a cluster export is accepted and ignored: status is ours to write.</summary>
    public System.Text.Json.Nodes.JsonObject? Status { get; set; }

    /// <inheritdoc />
    public IReadOnlyList<ScaleTrigger> Triggers => Spec.Triggers;

    /// <inheritdoc />
    public int PollingInterval => Spec.PollingInterval;
}
