using System.Text.Json.Nodes;

namespace Autoscaler.Runtime.Placement;

/// <summary>
/// The minimal strategic merge patch that puts a pod template on a profile's nodes. Maps (node selector, labels,
/// annotations) get only the keys that differ; containers are merged by name, so only their resources appear;
/// <c>tolerations</c> has no merge key and is replaced whole by any patch (wire fact 16), so when a toleration is
/// missing the patch carries the template's tolerations plus the missing ones. An empty object means nothing to do.
/// </summary>
public static class NodeProfilePatch
{
    /// <summary>The patch for a pod template (<c>{metadata, spec}</c>); wrap it in <c>spec.template</c> for a workload.</summary>
    public static JsonObject For(JsonObject podTemplate, NodeProfile profile)
    {
        ArgumentNullException.ThrowIfNull(podTemplate);
        ArgumentNullException.ThrowIfNull(profile);
        var metadataPatch = new JsonObject();
        MapPatch(podTemplate["metadata"]?["labels"] as JsonObject, profile.Labels, metadataPatch, "labels");
        MapPatch(podTemplate["metadata"]?["annotations"] as JsonObject, profile.Annotations, metadataPatch, "annotations");

        var spec = podTemplate["spec"] as JsonObject ?? [];
        var specPatch = new JsonObject();
        MapPatch(spec["nodeSelector"] as JsonObject, profile.NodeSelector, specPatch, "nodeSelector");

        var existing = (spec["tolerations"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var missing = profile.Tolerations
            .Select(t => new JsonObject([.. t.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]))
            .Where(t => !existing.Any(e => Covers(e, t)))
            .ToList();
        if (missing.Count > 0)
        {
            specPatch["tolerations"] = new JsonArray([.. existing.Select(e => e.DeepClone()), .. missing]);
        }

        if (profile.ResourcesJson() is { } resources)
        {
            var containers = new JsonArray();
            foreach (var container in (spec["containers"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (!JsonNode.DeepEquals(container["resources"], resources))
                {
                    containers.Add(new JsonObject { ["name"] = container["name"]?.DeepClone(), ["resources"] = resources.DeepClone() });
                }
            }

            if (containers.Count > 0)
            {
                specPatch["containers"] = containers;
            }
        }

        var patch = new JsonObject();
        if (metadataPatch.Count > 0)
        {
            patch["metadata"] = metadataPatch;
        }

        if (specPatch.Count > 0)
        {
            patch["spec"] = specPatch;
        }

        return patch;
    }

    /// <summary>
    /// A copy of <paramref name="podTemplate"/> with <paramref name="patch"/> (from <see cref="For"/>) applied the way
    /// the API server's strategic merge patch applies it: maps merged, <c>tolerations</c> replaced, containers merged by
    /// name. Used to build templates locally (the burst Deployment, Jobs of ScaledJobs).
    /// </summary>
    public static JsonObject Apply(JsonObject podTemplate, JsonObject patch)
    {
        ArgumentNullException.ThrowIfNull(podTemplate);
        ArgumentNullException.ThrowIfNull(patch);
        var result = podTemplate.DeepClone().AsObject();
        foreach (var (section, fields) in patch)
        {
            var target = result[section] as JsonObject ?? [];
            result[section] = target;
            foreach (var (field, value) in fields!.AsObject())
            {
                switch (field)
                {
                    case "tolerations":
                        target[field] = value!.DeepClone();
                        break;
                    case "containers":
                        foreach (var change in value!.AsArray().OfType<JsonObject>())
                        {
                            var name = change["name"]?.GetValue<string>();
                            var container = (target[field] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => c["name"]?.GetValue<string>() == name);
                            if (container is not null)
                            {
                                container["resources"] = change["resources"]!.DeepClone();
                            }
                        }

                        break;
                    default:
                        var map = target[field] as JsonObject ?? [];
                        target[field] = map;
                        foreach (var (key, entry) in value!.AsObject())
                        {
                            map[key] = entry?.DeepClone();
                        }

                        break;
                }
            }
        }

        return result;
    }

    private static void MapPatch(JsonObject? current, Dictionary<string, string> wanted, JsonObject target, string field)
    {
        var changes = new JsonObject();
        foreach (var (key, value) in wanted.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (current?[key]?.GetValue<string>() != value)
            {
                changes[key] = value;
            }
        }

        if (changes.Count > 0)
        {
            target[field] = changes;
        }
    }

    /// <summary>Whether an existing toleration already gives what <paramref name="wanted"/> asks for (same fields).</summary>
    private static bool Covers(JsonObject existing, JsonObject wanted) =>
        wanted.All(kv => existing[kv.Key]?.GetValue<string>() == kv.Value?.GetValue<string>())
        && (wanted["operator"] is not null || existing["operator"]?.GetValue<string>() is null or "Equal");
}
