namespace Autoscaler.Model;

/// <summary>A ScaledJob: runs Jobs in proportion to pending work.</summary>
public sealed class ScaledJob : IScalableResource
{
    /// <summary>The kind name.</summary>
    public const string KindName = "ScaledJob";

    /// <summary><c>autoscaler.dev/v1alpha1</c>; <c>keda.sh/v1alpha1</c> is accepted unchanged.</summary>
    public string ApiVersion { get; set; } = ApiVersions.Autoscaler;

    /// <summary>Always <c>ScaledJob</c>.</summary>
    public string Kind { get; set; } = KindName;

    /// <inheritdoc />
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The spec.</summary>
    public ScaledJobSpec Spec { get; set; } = new();

    /// <summary>A status read from a cluster export is accepted and ignored.</summary>
    public System.Text.Json.Nodes.JsonObject? Status { get; set; }

    /// <inheritdoc />
    public IReadOnlyList<ScaleTrigger> Triggers => Spec.Triggers;

    /// <inheritdoc />
    public int PollingInterval => Spec.PollingInterval;
}
