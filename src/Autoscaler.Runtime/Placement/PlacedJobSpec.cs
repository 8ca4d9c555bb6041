using System.Text.Json.Nodes;

namespace Autoscaler.Runtime.Placement;

/// <summary>A ScaledJob's Job spec with its <c>spec.placement.profile</c> applied to the pod template.</summary>
internal static class PlacedJobSpec
{
    public static JsonObject For(JsonObject jobSpec, NodeProfile profile)
    {
        var spec = jobSpec.DeepClone().AsObject();
        if (spec["template"] is JsonObject template)
        {
            spec["template"] = NodeProfilePatch.Apply(template, NodeProfilePatch.For(template, profile));
        }

        return spec;
    }
}
