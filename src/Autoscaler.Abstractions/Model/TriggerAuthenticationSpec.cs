namespace Autoscaler.Model;

/// <summary>The spec of a TriggerAuthentication or ClusterTriggerAuthentication.</summary>
public sealed class TriggerAuthenticationSpec
{
    /// <summary>Parameters read from Secrets.</summary>
    public List<SecretTargetRef> SecretTargetRef { get; set; } = [];

    /// <summary>Parameters read from the target's environment.</summary>
    public List<EnvTargetRef> Env { get; set; } = [];

    /// <summary>Workload identity.</summary>
    public PodIdentity? PodIdentity { get; set; }
}
