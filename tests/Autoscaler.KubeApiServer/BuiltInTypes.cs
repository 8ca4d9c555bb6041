namespace Autoscaler.KubeApiServer;

/// <summary>The built-in resource types the test server serves.</summary>
internal static class BuiltInTypes
{
    public static readonly ScaleSubresource WorkloadScale = new(".spec.replicas", ".status.replicas", null);

    public static IEnumerable<ResourceType> All { get; } =
    [
        new("", "v1", "namespaces", "Namespace", false, false, true, null) { Singular = "namespace" },
        new("", "v1", "secrets", "Secret", true, false, false, null) { Singular = "secret" },
        new("", "v1", "configmaps", "ConfigMap", true, false, false, null) { Singular = "configmap" },
        new("", "v1", "events", "Event", true, false, false, null) { Singular = "event" },
        new("", "v1", "pods", "Pod", true, false, true, null) { Singular = "pod" },
        new("apps", "v1", "deployments", "Deployment", true, false, true, WorkloadScale) { Singular = "deployment" },
        new("apps", "v1", "statefulsets", "StatefulSet", true, false, true, WorkloadScale) { Singular = "statefulset" },
        new("batch", "v1", "jobs", "Job", true, false, true, null) { Singular = "job" },
        new("coordination.k8s.io", "v1", "leases", "Lease", true, false, false, null) { Singular = "lease" },
        new("events.k8s.io", "v1", "events", "Event", true, false, false, null) { Singular = "event", ViewOf = "/events" },
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, false, true, null) { Singular = "customresourcedefinition" },
    ];

    /// <summary>Kinds whose metadata.generation is tracked.</summary>
    public static bool HasGeneration(ResourceType type) =>
        type.IsCustom || type.Key is "apps/deployments" or "apps/statefulsets" or "batch/jobs" or "apiextensions.k8s.io/customresourcedefinitions";
}
