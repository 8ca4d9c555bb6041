using System.Text.Json.Nodes;

namespace Autoscaler.KubeApiServer;

/// <summary>One kind of resource the test server serves (built-in, or registered by a CustomResourceDefinition).</summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Kind,
    bool Namespaced,
    bool IsCustom,
    bool HasStatus,
    ScaleSubresource? Scale)
{
    /// <summary>The CRD's openAPIV3Schema, for custom resources.</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>Short names and singular, for discovery.</summary>
    public string Singular { get; init; } = "";

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    /// <summary><c>deployments.apps</c>, or <c>events</c> for the core group: how messages name the resource.</summary>
    public string Qualified => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary><c>Deployment.apps</c>: how Invalid messages name the kind.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    /// <summary>For a second view of another type's objects (events.k8s.io Events are core Events): that type's key.</summary>
    public string? ViewOf { get; init; }

    public string Key => ViewOf ?? $"{Group}/{Plural}";
}

/// <summary>Where a resource keeps its replicas (the scale subresource).</summary>
internal sealed record ScaleSubresource(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath);
