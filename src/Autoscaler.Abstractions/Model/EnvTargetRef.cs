namespace Autoscaler.Model;

/// <summary>A trigger parameter read from an environment variable of the target's container.</summary>
public sealed class EnvTargetRef
{
    /// <summary>The trigger parameter it fills. Required.</summary>
    public string Parameter { get; set; } = "";

    /// <summary>The variable's name. Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>The container; the default is the target's first container.</summary>
    public string? ContainerName { get; set; }
}
