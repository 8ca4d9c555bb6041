using System.Text.Json.Nodes;

namespace Autoscaler.Actuation;

/// <summary>A Job to create for a ScaledJob.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="ScaledJobName">The owning ScaledJob; created Jobs are labelled with it.</param>
/// <param name="JobSpec">The batch/v1 JobSpec (the ScaledJob's <c>jobTargetRef</c>).</param>
/// <param name="Environment">Extra environment variables for the Job's containers (for example from an event).</param>
public sealed record JobRequest(
    string Namespace,
    string ScaledJobName,
    JsonObject JobSpec,
    IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The node profile the Job's pod template was put on (<c>spec.placement.profile</c>), for the record; null when none.</summary>
    public string? Profile { get; init; }
}
