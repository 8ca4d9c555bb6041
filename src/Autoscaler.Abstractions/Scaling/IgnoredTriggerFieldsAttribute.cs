namespace Autoscaler.Scaling;

/// <summary>
/// Metadata keys KEDA documents for this scaler that we accept and do not use (for example <c>metricName</c>),
/// so that KEDA YAML loads unchanged. Any other unknown key is an error.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class IgnoredTriggerFieldsAttribute : Attribute
{
    /// <summary>Declares the ignored keys.</summary>
    public IgnoredTriggerFieldsAttribute(params string[] names) => Names = names;

    /// <summary>The ignored keys.</summary>
    public IReadOnlyList<string> Names { get; }
}
