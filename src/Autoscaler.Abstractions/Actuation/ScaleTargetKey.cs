namespace Autoscaler.Actuation;

/// <summary>Names one scalable workload.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="ApiVersion">The API version, for example <c>apps/v1</c>.</param>
/// <param name="Kind">The kind, for example <c>Deployment</c>.</param>
/// <param name="Name">The name.</param>
public sealed record ScaleTargetKey(string Namespace, string ApiVersion, string Kind, string Name)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind}/{Namespace}/{Name}";
}
