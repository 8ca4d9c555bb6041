namespace Autoscaler.Runtime.Placement;

/// <summary>
/// Named node profiles (section <c>Autoscaler:Placement</c>), used by <c>spec.placement.profile</c> and
/// <c>spec.placement.burstProfile</c> besides the built-ins (<see cref="NodeProfile.BuiltIn"/>). Validated at start.
/// </summary>
public sealed class NodeProfileOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Autoscaler:Placement";

    /// <summary>
    /// Custom profiles by name (lower-case letters, digits and '-', not a built-in's name), e.g.
    /// <c>Autoscaler:Placement:Profiles:spot:nodeSelector:pool=spot</c>. Empty by default.
    /// </summary>
    public Dictionary<string, NodeProfile> Profiles { get; set; } = new(StringComparer.Ordinal);
}
