using System.Text.Json.Nodes;

namespace Autoscaler.Runtime.Placement;

/// <summary>
/// Where pods should run: node selector, tolerations, labels, annotations and container resources that a pod template
/// gets (serverless nodes: EKS Fargate, AKS virtual nodes, GKE Autopilot compute classes, or anything custom).
/// Built-in profiles are in <see cref="BuiltIn"/>; a custom one is any instance (binds from JSON or configuration).
/// </summary>
public sealed class NodeProfile
{
    /// <summary>Node selector entries the pods must carry. Empty by default.</summary>
    public Dictionary<string, string> NodeSelector { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Tolerations (Kubernetes JSON objects: key, operator, value, effect) the pods must carry. Empty by default.</summary>
    public List<Dictionary<string, string>> Tolerations { get; set; } = [];

    /// <summary>Labels on the pods (for example the ones a Fargate profile's selector matches). Empty by default.</summary>
    public Dictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Annotations on the pods. Empty by default.</summary>
    public Dictionary<string, string> Annotations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Resources for every container: <c>requests</c> and/or <c>limits</c>, each a map of resource name to quantity
    /// (<c>{"requests":{"cpu":"250m"}}</c>). Unset keeps the template's.
    /// </summary>
    public Dictionary<string, Dictionary<string, string>>? Resources { get; set; }

    /// <summary>The resources as a Kubernetes JSON object (keys sorted), or null when unset.</summary>
    public JsonObject? ResourcesJson() => Resources is null
        ? null
        : new JsonObject([.. Resources.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key,
            (JsonNode?)new JsonObject([.. kv.Value.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => KeyValuePair.Create(q.Key, (JsonNode?)q.Value))])))]);

    /// <summary>The built-in profiles: <c>eks-fargate</c>, <c>aks-virtual-node</c>, <c>gke-autopilot</c> (see docs/node-profiles.md).</summary>
    public static IReadOnlyDictionary<string, NodeProfile> BuiltIn { get; } = new Dictionary<string, NodeProfile>(StringComparer.Ordinal)
    {
        ["eks-fargate"] = new()
        {
            Labels = new(StringComparer.Ordinal) { ["autoscaler.dev/compute"] = "fargate" },
        },
        ["aks-virtual-node"] = new()
        {
            NodeSelector = new(StringComparer.Ordinal) { ["kubernetes.io/role"] = "agent", ["kubernetes.io/os"] = "linux", ["type"] = "virtual-kubelet" },
            Tolerations =
            [
                new(StringComparer.Ordinal) { ["key"] = "virtual-kubelet.io/provider", ["operator"] = "Exists" },
                new(StringComparer.Ordinal) { ["key"] = "azure.com/aci", ["effect"] = "NoSchedule" },
            ],
        },
        ["gke-autopilot"] = new()
        {
            NodeSelector = new(StringComparer.Ordinal) { ["cloud.google.com/compute-class"] = "Scale-Out" },
        },
    };
}
