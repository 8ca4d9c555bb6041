namespace Autoscaler.Model;

/// <summary>Workload identity (KEDA's <c>podIdentity</c>).</summary>
public sealed class PodIdentity
{
    /// <summary><c>none</c>, <c>aws</c>, <c>aws-eks</c>, <c>azure-workload</c> or <c>gcp</c>. Required.</summary>
    public string Provider { get; set; } = "";

    /// <summary>The identity id (Azure).</summary>
    public string? IdentityId { get; set; }

    /// <summary>The role to assume (AWS).</summary>
    public string? RoleArn { get; set; }

    /// <summary><c>keda</c> or <c>workload</c> (AWS).</summary>
    public string? IdentityOwner { get; set; }
}
