using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Autoscaler.KubeApiServer;

/// <summary>
/// Enforces a CRD's structural openAPIV3Schema the way kube-apiserver does for the parts our CRDs use: types,
/// required, minimum/maximum, enum, maps (additionalProperties), and pruning of unknown fields (kept under
/// <c>x-kubernetes-preserve-unknown-fields</c>).
/// </summary>
internal static class SchemaValidator
{
    public static (List<(string Reason, string Field, string Message)> Causes, List<string> Unknown) Validate(JsonObject schema, JsonObject obj)
    {
        var causes = new List<(string, string, string)>();
        var unknown = new List<string>();
        foreach (var (key, value) in obj.ToList())
        {
            if (key is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            if (schema["properties"]?[key] is JsonObject property)
            {
                Check(property, value, key, causes, unknown, obj, key);
            }
            else if (schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() != true)
            {
                unknown.Add(key);
                obj.Remove(key);
            }
        }

        foreach (var required in (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
        {
            if (!obj.ContainsKey(required))
            {
                causes.Add(("FieldValueRequired", required, "Required value"));
            }
        }

        causes.Sort((a, b) => string.CompareOrdinal(a.Item2, b.Item2));
        return (causes, unknown);
    }

    private static void Check(JsonObject schema, JsonNode? value, string path, List<(string, string, string)> causes, List<string> unknown, JsonNode parent, string key)
    {
        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true)
            {
                // kube-apiserver drops nulls of non-nullable fields when pruning.
                if (parent is JsonObject p)
                {
                    p.Remove(key);
                }
            }

            return;
        }

        var type = schema["type"]?.GetValue<string>();
        var actual = TypeOf(value);
        var typeOk = type switch
        {
            null => true,
            "number" => actual is "integer" or "number",
            _ => type == actual,
        };
        if (!typeOk && schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            typeOk = actual is "integer" or "string";
        }

        if (!typeOk)
        {
            causes.Add(("FieldValueTypeInvalid", path, $"Invalid value: \"{actual}\": {path} in body must be of type {type}: \"{actual}\""));
            return;
        }

        if (schema["minimum"] is JsonValue min && actual is "integer" or "number" && value.GetValue<double>() < min.GetValue<double>())
        {
            causes.Add(("FieldValueInvalid", path, $"Invalid value: {Raw(value)}: {path} in body should be greater than or equal to {Raw(min)}"));
        }

        if (schema["maximum"] is JsonValue max && actual is "integer" or "number" && value.GetValue<double>() > max.GetValue<double>())
        {
            causes.Add(("FieldValueInvalid", path, $"Invalid value: {Raw(value)}: {path} in body should be less than or equal to {Raw(max)}"));
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            causes.Add(("FieldValueNotSupported", path, $"Unsupported value: {Raw(value)}: supported values: {string.Join(", ", allowed.Select(a => Raw(a!)))}"));
        }

        var preserve = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        switch (value)
        {
            case JsonObject o:
                foreach (var (childKey, child) in o.ToList())
                {
                    var childPath = $"{path}.{childKey}";
                    if (schema["properties"]?[childKey] is JsonObject property)
                    {
                        Check(property, child, childPath, causes, unknown, o, childKey);
                    }
                    else if (schema["additionalProperties"] is JsonObject additional)
                    {
                        Check(additional, child, childPath, causes, unknown, o, childKey);
                    }
                    else if (!preserve && schema["properties"] is not null)
                    {
                        unknown.Add(childPath);
                        o.Remove(childKey);
                    }
                    else if (!preserve && schema["additionalProperties"] is null && type == "object" && schema["properties"] is null)
                    {
                        unknown.Add(childPath);
                        o.Remove(childKey);
                    }
                }

                foreach (var required in (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
                {
                    if (!o.ContainsKey(required))
                    {
                        causes.Add(("FieldValueRequired", $"{path}.{required}", "Required value"));
                    }
                }

                break;
            case JsonArray a when schema["items"] is JsonObject items:
                for (var i = 0; i < a.Count; i++)
                {
                    Check(items, a[i], $"{path}[{i}]", causes, unknown, a, i.ToString(CultureInfo.InvariantCulture));
                }

                break;
        }
    }

    private static string TypeOf(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => value.ToJsonString().Contains('.', StringComparison.Ordinal) || value.ToJsonString().Contains('e', StringComparison.OrdinalIgnoreCase) ? "number" : "integer",
        _ => "null",
    };

    private static string Raw(JsonNode value) => value.ToJsonString();
}
