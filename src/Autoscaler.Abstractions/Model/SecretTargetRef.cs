namespace Autoscaler.Model;

/// <summary>A trigger parameter read from a Secret key.</summary>
public sealed class SecretTargetRef
{
    /// <summary>The trigger parameter it fills. Required.</summary>
    public string Parameter { get; set; } = "";

    /// <summary>The Secret's name. Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>The key in the Secret. Required.</summary>
    public string Key { get; set; } = "";
}
