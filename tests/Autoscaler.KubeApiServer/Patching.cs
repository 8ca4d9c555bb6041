using System.Text.Json.Nodes;

namespace Autoscaler.KubeApiServer;

/// <summary>The three patch types kube-apiserver accepts: JSON merge patch, JSON patch and strategic merge patch.</summary>
internal static class Patching
{
    /// <summary>Lists that strategic merge patch merges by a key (the rest are replaced, like <c>tolerations</c>).</summary>
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["ports"] = "containerPort",
        ["imagePullSecrets"] = "name",
        ["ownerReferences"] = "uid",
        ["conditions"] = "type",
    };

    /// <summary>RFC 7386: objects merge key by key, <c>null</c> removes, everything else (lists included) replaces.</summary>
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var merged = Merge(result[key], value);
                result[key] = merged;
            }
        }

        return result;
    }

    /// <summary>Strategic merge patch: like merge patch, but lists with a merge key merge their items by it.</summary>
    public static JsonNode? Strategic(JsonNode? target, JsonNode? patch, string? field = null)
    {
        if (patch is JsonArray patchList && target is JsonArray targetList && field is not null && MergeKeys.TryGetValue(field, out var mergeKey)
            && patchList.All(p => p is JsonObject o && o[mergeKey] is not null))
        {
            var result = (JsonArray)targetList.DeepClone();
            foreach (var item in patchList)
            {
                var key = item![mergeKey]!.ToJsonString();
                var existing = result.OfType<JsonObject>().FirstOrDefault(o => o[mergeKey]?.ToJsonString() == key);
                if (existing is null)
                {
                    result.Add(item.DeepClone());
                }
                else
                {
                    var index = result.IndexOf(existing);
                    result[index] = Strategic(existing, item);
                }
            }

            return result;
        }

        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var merged = target is JsonObject t ? (JsonObject)t.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = Strategic(merged[key], value, key);
            }
        }

        return merged;
    }

    /// <summary>RFC 6902. A <c>replace</c> of an absent object member acts as <c>add</c> (what kube-apiserver does).</summary>
    public static JsonNode Json(JsonNode target, JsonArray operations)
    {
        var document = target.DeepClone();
        foreach (var operation in operations)
        {
            var op = operation?["op"]?.GetValue<string>() ?? throw new PatchTestFailedException();
            var path = operation["path"]?.GetValue<string>() ?? throw new PatchTestFailedException();
            var value = operation["value"];
            switch (op)
            {
                case "add":
                case "replace":
                    Set(document, path, value?.DeepClone(), insert: op == "add");
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(document, path), value))
                    {
                        throw new PatchTestFailedException();
                    }

                    break;
                case "copy":
                case "move":
                    var from = operation["from"]?.GetValue<string>() ?? throw new PatchTestFailedException();
                    var copied = Get(document, from)?.DeepClone();
                    if (op == "move")
                    {
                        Remove(document, from);
                    }

                    Set(document, path, copied, insert: true);
                    break;
                default:
                    throw new PatchTestFailedException();
            }
        }

        return document;
    }

    private static string[] Split(string path) =>
        [.. path.Split('/').Skip(1).Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    private static JsonNode? Get(JsonNode document, string path)
    {
        JsonNode? node = document;
        foreach (var part in Split(path))
        {
            node = node switch
            {
                JsonObject o => o[part],
                JsonArray a when int.TryParse(part, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode document, string path)
    {
        var parts = Split(path);
        if (parts.Length == 0)
        {
            throw new PatchTestFailedException();
        }

        var parent = Get(document, "/" + string.Join('/', parts[..^1].Select(p => p.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal))));
        if (parts.Length == 1)
        {
            parent = document;
        }

        return (parent ?? throw new PatchTestFailedException(), parts[^1]);
    }

    private static void Set(JsonNode document, string path, JsonNode? value, bool insert)
    {
        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i <= a.Count:
                if (insert)
                {
                    a.Insert(i, value);
                }
                else if (i < a.Count)
                {
                    a[i] = value;
                }
                else
                {
                    throw new PatchTestFailedException();
                }

                break;
            default:
                throw new PatchTestFailedException();
        }
    }

    private static void Remove(JsonNode document, string path)
    {
        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i < a.Count:
                a.RemoveAt(i);
                break;
            default:
                throw new PatchTestFailedException();
        }
    }
}

/// <summary>A JSON patch that cannot be applied (a failed <c>test</c>, a missing path): 422.</summary>
internal sealed class PatchTestFailedException : Exception
{
    public PatchTestFailedException() : base("the server rejected our request due to an error in our request") { }

    public PatchTestFailedException(string message) : base(message) { }

    public PatchTestFailedException(string message, Exception inner) : base(message, inner) { }
}
