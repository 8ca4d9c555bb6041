using System.Collections;
using System.Text;
using System.Text.Json.Nodes;
using Autoscaler.Configuration;
using Autoscaler.Model;

namespace Autoscaler.Kubernetes;

/// <summary>
/// Generates the CustomResourceDefinitions (group <c>autoscaler.dev</c>, version <c>v1alpha1</c>) from the C# model
/// types, with the field names the YAML binder uses (<see cref="FieldNaming"/>): structural OpenAPI v3 schemas (types,
/// the minimums, enums and required fields below), the status subresource, and printer columns. A test keeps
/// <c>manifests/crds/</c> equal to this output.
/// </summary>
public static class CrdGenerator
{
    private static readonly Dictionary<string, int> Minimums = new(StringComparer.Ordinal)
    {
        ["ScaledObjectSpec.pollingInterval"] = 1,
        ["ScaledObjectSpec.cooldownPeriod"] = 0,
        ["ScaledObjectSpec.initialCooldownPeriod"] = 0,
        ["ScaledObjectSpec.minReplicaCount"] = 0,
        ["ScaledObjectSpec.maxReplicaCount"] = 0,
        ["ScaledObjectSpec.idleReplicaCount"] = 0,
        ["ScaledJobSpec.pollingInterval"] = 1,
        ["ScaledJobSpec.minReplicaCount"] = 0,
        ["ScaledJobSpec.maxReplicaCount"] = 0,
        ["ScaledJobSpec.successfulJobsHistoryLimit"] = 0,
        ["ScaledJobSpec.failedJobsHistoryLimit"] = 0,
        ["Fallback.failureThreshold"] = 1,
        ["Fallback.replicas"] = 0,
        ["Placement.baseReplicas"] = 0,
    };

    private static readonly Dictionary<string, string[]> Enums = new(StringComparer.Ordinal)
    {
        ["ScalingStrategy.strategy"] = ["default", "custom", "accurate", "eager"],
        ["ScalingStrategy.multipleScalersCalculation"] = ["max", "min", "avg", "sum"],
        ["AuthenticationRef.kind"] = [TriggerAuthentication.KindName, TriggerAuthentication.ClusterKindName],
        ["ScaleTrigger.metricType"] = ["AverageValue", "Value", "Utilization"],
    };

    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        ["ScaledObjectSpec"] = ["scaleTargetRef", "triggers"],
        ["ScaledJobSpec"] = ["jobTargetRef", "triggers"],
        ["ScaleTargetRef"] = ["name"],
        ["ScaleTrigger"] = ["type"],
        ["AuthenticationRef"] = ["name"],
        ["SecretTargetRef"] = ["parameter", "name", "key"],
        ["EnvTargetRef"] = ["parameter", "name"],
    };

    /// <summary>File name → CRD, for <c>manifests/crds/</c>.</summary>
    public static IReadOnlyDictionary<string, JsonObject> Generate() => new SortedDictionary<string, JsonObject>(StringComparer.Ordinal)
    {
        ["scaledobjects.yaml"] = Crd("ScaledObject", "scaledobjects", "scaledobject", ["so"], true, typeof(ScaledObjectSpec),
        [
            Column("Kind", "string", ".spec.scaleTargetRef.kind"),
            Column("Target", "string", ".spec.scaleTargetRef.name"),
            Column("Min", "integer", ".spec.minReplicaCount"),
            Column("Max", "integer", ".spec.maxReplicaCount"),
            Column("Desired", "integer", ".status.desiredReplicas"),
            Column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status"),
            Column("Active", "string", ".status.conditions[?(@.type==\"Active\")].status"),
            Column("Age", "date", ".metadata.creationTimestamp"),
        ]),
        ["scaledjobs.yaml"] = Crd("ScaledJob", "scaledjobs", "scaledjob", ["sj"], true, typeof(ScaledJobSpec),
        [
            Column("Min", "integer", ".spec.minReplicaCount"),
            Column("Max", "integer", ".spec.maxReplicaCount"),
            Column("Running", "integer", ".status.runningJobs"),
            Column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status"),
            Column("Active", "string", ".status.conditions[?(@.type==\"Active\")].status"),
            Column("Age", "date", ".metadata.creationTimestamp"),
        ]),
        ["triggerauthentications.yaml"] = Crd(TriggerAuthentication.KindName, "triggerauthentications", "triggerauthentication", ["ta"], true, typeof(TriggerAuthenticationSpec),
        [
            Column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status"),
            Column("Age", "date", ".metadata.creationTimestamp"),
        ]),
        ["clustertriggerauthentications.yaml"] = Crd(TriggerAuthentication.ClusterKindName, "clustertriggerauthentications", "clustertriggerauthentication", ["cta"], false, typeof(TriggerAuthenticationSpec),
        [
            Column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status"),
            Column("Age", "date", ".metadata.creationTimestamp"),
        ]),
    };

    /// <summary>The OpenAPI v3 schema of a model type (public for tests).</summary>
    public static JsonObject SchemaOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Schema(type);
    }

    private static JsonObject Crd(string kind, string plural, string singular, string[] shortNames, bool namespaced, Type specType, JsonObject[] columns)
    {
        var spec = Schema(specType);
        var root = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["apiVersion"] = new JsonObject { ["type"] = "string" },
                ["kind"] = new JsonObject { ["type"] = "string" },
                ["metadata"] = new JsonObject { ["type"] = "object" },
                ["spec"] = spec,
                ["status"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
            },
            ["required"] = new JsonArray("spec"),
        };
        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{plural}.{ApiVersions.Group}",
                ["labels"] = new JsonObject { ["app.kubernetes.io/part-of"] = "autoscaler" },
            },
            ["spec"] = new JsonObject
            {
                ["group"] = ApiVersions.Group,
                ["names"] = new JsonObject
                {
                    ["kind"] = kind,
                    ["listKind"] = kind + "List",
                    ["plural"] = plural,
                    ["singular"] = singular,
                    ["shortNames"] = new JsonArray([.. shortNames.Select(s => (JsonNode)s)]),
                    ["categories"] = new JsonArray("autoscaler"),
                },
                ["scope"] = namespaced ? "Namespaced" : "Cluster",
                ["versions"] = new JsonArray(new JsonObject
                {
                    ["name"] = "v1alpha1",
                    ["served"] = true,
                    ["storage"] = true,
                    ["schema"] = new JsonObject { ["openAPIV3Schema"] = root },
                    ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                    ["additionalPrinterColumns"] = new JsonArray([.. columns]),
                }),
            },
        };
    }

    private static JsonObject Column(string name, string type, string path) => new() { ["name"] = name, ["type"] = type, ["jsonPath"] = path };

    private static JsonObject Schema(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (underlying == typeof(int) || underlying == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = underlying == typeof(int) ? "int32" : "int64" };
        }

        if (underlying == typeof(double))
        {
            return new JsonObject { ["type"] = "number" };
        }

        if (underlying == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (underlying == typeof(JsonObject))
        {
            return new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        }

        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = Schema(underlying.GetGenericArguments()[1]) };
        }

        if (underlying.IsGenericType && typeof(IEnumerable).IsAssignableFrom(underlying))
        {
            return new JsonObject { ["type"] = "array", ["items"] = Schema(underlying.GetGenericArguments()[0]) };
        }

        var properties = new JsonObject();
        foreach (var (name, property) in FieldNaming.FieldsOf(underlying).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var schema = Schema(property.PropertyType);
            var key = $"{underlying.Name}.{name}";
            if (Minimums.TryGetValue(key, out var minimum))
            {
                schema["minimum"] = minimum;
            }

            if (Enums.TryGetValue(key, out var values))
            {
                schema["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
            }

            properties[name] = schema;
        }

        var result = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (Required.TryGetValue(underlying.Name, out var required))
        {
            result["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
        }

        return result;
    }

    /// <summary>Writes a JSON value as block YAML (deterministic; strings quoted only when YAML needs it).</summary>
    public static string ToYaml(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var builder = new StringBuilder();
        Write(builder, node, 0, inList: false);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonNode? node, int indent, bool inList)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case JsonObject o when o.Count > 0:
                var first = true;
                foreach (var (key, value) in o)
                {
                    builder.Append(first && inList ? "" : pad).Append(Scalar(key)).Append(':');
                    first = false;
                    if (value is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        builder.Append('\n');
                        Write(builder, value, value is JsonArray ? indent : indent + 2, inList: false);
                    }
                    else
                    {
                        builder.Append(' ').Append(Inline(value)).Append('\n');
                    }
                }

                break;
            case JsonArray a when a.Count > 0:
                foreach (var item in a)
                {
                    builder.Append(pad).Append("- ");
                    if (item is JsonObject { Count: > 0 })
                    {
                        Write(builder, item, indent + 2, inList: true);
                    }
                    else
                    {
                        builder.Append(Inline(item)).Append('\n');
                    }
                }

                break;
            default:
                builder.Append(pad).Append(Inline(node)).Append('\n');
                break;
        }
    }

    private static string Inline(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => Scalar(v.GetValue<string>()),
        _ => node.ToJsonString(),
    };

    private static string Scalar(string text)
    {
        var plain = text.Length > 0
            && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '/' or '-')
            && !char.IsAsciiDigit(text[0]) && text[0] != '-' && text[0] != '.'
            && text.ToLowerInvariant() is not ("true" or "false" or "null" or "yes" or "no" or "on" or "off" or "y" or "n" or "~");
        return plain ? text : System.Text.Json.JsonSerializer.Serialize(text, JsonEscaping);
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonEscaping = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
