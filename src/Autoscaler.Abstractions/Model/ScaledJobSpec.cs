using System.Text.Json.Nodes;

namespace Autoscaler.Model;

/// <summary>The spec of a ScaledJob, with KEDA's field names and defaults.</summary>
public sealed class ScaledJobSpec
{
    /// <summary>The Job spec (batch/v1 JobSpec) each created Job gets. Required; must hold a pod <c>template</c>.</summary>
    public JsonObject? JobTargetRef { get; set; }

    /// <summary>Seconds between reads of the triggers. The default is 30.</summary>
    public int PollingInterval { get; set; } = 30;

    /// <summary>Completed Jobs to keep. The default is 100.</summary>
    public int SuccessfulJobsHistoryLimit { get; set; } = 100;

    /// <summary>Failed Jobs to keep. The default is 100.</summary>
    public int FailedJobsHistoryLimit { get; set; } = 100;

    /// <summary>The least Jobs kept running. The default is 0.</summary>
    public int MinReplicaCount { get; set; }

    /// <summary>The most Jobs running at once. The default is 100.</summary>
    public int MaxReplicaCount { get; set; } = 100;

    /// <summary>The container whose environment variables scalers may read.</summary>
    public string? EnvSourceContainerName { get; set; }

    /// <summary>KEDA's rollout settings (<c>strategy: default | gradual</c>), kept as given.</summary>
    public JsonObject? Rollout { get; set; }

    /// <summary>How the number of new Jobs is computed.</summary>
    public ScalingStrategy ScalingStrategy { get; set; } = new();

    /// <summary>Our key: the node profile every created Job's pod template gets (<c>profile</c> only). Unset by default.</summary>
    public Placement? Placement { get; set; }

    /// <summary>The triggers. At least one is required.</summary>
    public List<ScaleTrigger> Triggers { get; set; } = [];
}
