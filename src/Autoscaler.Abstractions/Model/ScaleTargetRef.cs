namespace Autoscaler.Model;

/// <summary>The workload a ScaledObject scales (KEDA's <c>scaleTargetRef</c>).</summary>
public sealed class ScaleTargetRef
{
    /// <summary>The target's API version. The default is <c>apps/v1</c>.</summary>
    public string ApiVersion { get; set; } = "apps/v1";

    /// <summary>The target's kind. The default is <c>Deployment</c>.</summary>
    public string Kind { get; set; } = "Deployment";

    /// <summary>The target's name. Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>The container whose environment variables scalers may read (<c>...FromEnv</c> fields).</summary>
    public string? EnvSourceContainerName { get; set; }
}
