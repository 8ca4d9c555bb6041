namespace Autoscaler.Scaling;

/// <summary>
/// Declares one trigger field on a scaler's typed options class: its metadata key, whether it is optional,
/// its default and where it may come from. <see cref="TriggerMetadataBinder"/> reads these.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TriggerFieldAttribute : Attribute
{
    /// <summary>Declares the field <paramref name="name"/>.</summary>
    public TriggerFieldAttribute(string name) => Name = name;

    /// <summary>The metadata key (KEDA's spelling).</summary>
    public string Name { get; }

    /// <summary>Whether the field may be left out. Fields with a <see cref="Default"/> are optional.</summary>
    public bool Optional { get; init; }

    /// <summary>The default, as the string a user would write.</summary>
    public string? Default { get; init; }

    /// <summary>Where the value may come from. The default is <see cref="TriggerFieldSource.Metadata"/>.</summary>
    public TriggerFieldSource Sources { get; init; } = TriggerFieldSource.Metadata;

    /// <summary>Allowed values (case-insensitive), when the field is an enumeration of strings.</summary>
    public string[]? AllowedValues { get; init; }

    /// <summary>Whether the value is a secret: never echoed in errors.</summary>
    public bool Secret { get; init; }
}
