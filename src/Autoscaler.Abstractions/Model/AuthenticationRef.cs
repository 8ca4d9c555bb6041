namespace Autoscaler.Model;

/// <summary>A reference from a trigger to a TriggerAuthentication or ClusterTriggerAuthentication.</summary>
public sealed class AuthenticationRef
{
    /// <summary>The name of the authentication object. Required.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>TriggerAuthentication</c> (the default) or <c>ClusterTriggerAuthentication</c>.</summary>
    public string Kind { get; set; } = "TriggerAuthentication";
}
