using System.Collections;
using System.Text.Json.Nodes;
using Autoscaler.Configuration;
using Autoscaler.Model;
using Autoscaler.Testing;
using k8s;

namespace Autoscaler.Kubernetes.Tests;

/// <summary>The CRDs: generated from the C# model, kept in manifests/crds, and a lossless round trip through the API server.</summary>
public sealed class CrdTests
{
    private static readonly string CrdFolder = RepoPaths.InRoot("manifests", "crds");

    [Fact]
    public void Crds_in_manifests_are_the_ones_generated_from_the_model()
    {
        var generated = CrdGenerator.Generate();
        if (Environment.GetEnvironmentVariable("AUTOSCALER_UPDATE_CRDS") == "1")
        {
            Directory.CreateDirectory(CrdFolder);
            foreach (var (file, crd) in generated)
            {
                File.WriteAllText(Path.Combine(CrdFolder, file), "# Generated from the C# model by CrdGenerator; refresh with AUTOSCALER_UPDATE_CRDS=1 dotnet test tests/Autoscaler.Kubernetes.Tests --filter Crds_in_manifests\n" + CrdGenerator.ToYaml(crd));
            }
        }

        foreach (var (file, crd) in generated)
        {
            var path = Path.Combine(CrdFolder, file);
            Assert.True(File.Exists(path), $"{path} is missing: run AUTOSCALER_UPDATE_CRDS=1 dotnet test tests/Autoscaler.Kubernetes.Tests --filter Crds_in_manifests");
            var text = File.ReadAllText(path);
            Assert.True(text.EndsWith(CrdGenerator.ToYaml(crd), StringComparison.Ordinal),
                $"{path} differs from the model: run AUTOSCALER_UPDATE_CRDS=1 dotnet test tests/Autoscaler.Kubernetes.Tests --filter Crds_in_manifests");
        }
    }

    [Fact]
    public void Every_model_field_is_in_the_schema()
    {
        var schema = CrdGenerator.SchemaOf(typeof(ScaledObjectSpec));
        Assert.Equal(FieldNaming.FieldsOf(typeof(ScaledObjectSpec)).Keys.Order(), schema["properties"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("integer", schema["properties"]!["minReplicaCount"]!["type"]!.GetValue<string>());
        Assert.Equal(0, schema["properties"]!["minReplicaCount"]!["minimum"]!.GetValue<int>());
        Assert.Equal(["name"], schema["properties"]!["scaleTargetRef"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        var job = CrdGenerator.SchemaOf(typeof(ScaledJobSpec));
        Assert.Contains("eager", job["properties"]!["scalingStrategy"]!["properties"]!["strategy"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task Every_sample_and_a_full_object_round_trip_through_the_api_server_unchanged()
    {
        await using var cluster = await KubeCluster.StartAsync();
        var catalog = new Autoscaler.Scaling.ScalerCatalog([new Autoscaler.Scalers.Cron.CronScalerFactory(), new Autoscaler.Scalers.Demo.DemoScalerFactory(new Autoscaler.Scalers.Demo.DemoSignals())]);
        var loader = new ManifestLoader(new ResourceValidator(catalog));
        var loaded = loader.LoadPaths([RepoPaths.InRoot("manifests", "samples")]);
        var full = loader.Load("full.yaml", FullYaml);
        Assert.Empty(full.Errors);
        Assert.Empty(loaded.Errors);
        var resources = loaded.Resources.Select(r => r.Resource).Concat(full.Resources.Select(r => r.Resource)).ToList();
        Assert.True(resources.Count >= 6);
        foreach (var resource in resources)
        {
            var (plural, namespaced) = resource.Kind switch
            {
                ScaledObject.KindName => ("scaledobjects", true),
                ScaledJob.KindName => ("scaledjobs", true),
                TriggerAuthentication.KindName => ("triggerauthentications", true),
                _ => ("clustertriggerauthentications", false),
            };
            var body = ToJson(resource)!.AsObject();
            body["apiVersion"] = ApiVersions.Autoscaler;
            body["metadata"] = new JsonObject { ["name"] = resource.Metadata.Name + "-" + cluster.Namespace[^8..] };
            object stored = namespaced
                ? await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(body, "autoscaler.dev", "v1alpha1", cluster.Namespace, plural)
                : await cluster.Client.CustomObjects.CreateClusterCustomObjectAsync(body, "autoscaler.dev", "v1alpha1", plural);
            var back = JsonNode.Parse(KubernetesJson.Serialize(stored))!.AsObject();
            var name = back["metadata"]!["name"]!.GetValue<string>();
            if (!namespaced)
            {
                await cluster.Client.CustomObjects.DeleteClusterCustomObjectAsync("autoscaler.dev", "v1alpha1", plural, name);
            }

            Assert.Equal(Normalize(body), Normalize(back));
            back["metadata"] = ToJson(resource.Metadata);
            var rebound = loader.Load("back.json", back.ToJsonString()).Resources.Single().Resource;
            SetApiVersion(rebound, resource.ApiVersion);
            // Maps come back with their keys sorted (custom resources are stored that way): compare canonically.
            Assert.Equal(Canonical(resource), Canonical(rebound));
        }
    }

    private static string Canonical(IResource resource) =>
        Sorted(JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(resource, resource.GetType())))!.ToJsonString();

    private static void SetApiVersion(IResource resource, string apiVersion)
    {
        switch (resource)
        {
            case ScaledObject so: so.ApiVersion = apiVersion; break;
            case ScaledJob sj: sj.ApiVersion = apiVersion; break;
            case TriggerAuthentication ta: ta.ApiVersion = apiVersion; break;
        }
    }

    private static string Normalize(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove("metadata");
        copy.Remove("status");
        return Sorted(copy)!.ToJsonString();
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, Sorted(kv.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };

    /// <summary>The model as the API server stores it: model field names, unset (null) fields left out.</summary>
    private static JsonNode? ToJson(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case string s:
                return s;
            case int or long or double or bool:
                return JsonValue.Create(value);
            case JsonNode node:
                return node.DeepClone();
            case IDictionary dictionary:
                var map = new JsonObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    map[(string)entry.Key] = ToJson(entry.Value);
                }

                return map;
            case IEnumerable list:
                return new JsonArray([.. list.Cast<object?>().Select(ToJson)]);
            default:
                var obj = new JsonObject();
                foreach (var (name, property) in FieldNaming.FieldsOf(value.GetType()))
                {
                    if (ToJson(property.GetValue(value)) is { } field)
                    {
                        obj[name] = field;
                    }
                }

                return obj;
        }
    }

    private const string FullYaml = """
        apiVersion: autoscaler.dev/v1alpha1
        kind: ScaledObject
        metadata:
          name: full
          namespace: demo
          labels: {team: payments}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db, envSourceContainerName: main}
          pollingInterval: 15
          cooldownPeriod: 120
          initialCooldownPeriod: 30
          idleReplicaCount: 0
          minReplicaCount: 1
          maxReplicaCount: 30
          fallback: {failureThreshold: 3, replicas: 6, behavior: currentReplicasIfHigher}
          advanced:
            horizontalPodAutoscalerConfig:
              behavior:
                scaleDown:
                  stabilizationWindowSeconds: 60
                  policies: [{type: Percent, value: 50, periodSeconds: 30}]
          triggers:
            - type: cron
              name: office
              metadata: {timezone: UTC, start: 0 8 * * *, end: 0 18 * * *, desiredReplicas: "4"}
              authenticationRef: {name: creds}
        ---
        apiVersion: autoscaler.dev/v1alpha1
        kind: TriggerAuthentication
        metadata: {name: creds, namespace: demo}
        spec:
          secretTargetRef:
            - {parameter: password, name: db-secret, key: password}
        ---
        apiVersion: autoscaler.dev/v1alpha1
        kind: ClusterTriggerAuthentication
        metadata: {name: shared}
        spec:
          secretTargetRef:
            - {parameter: token, name: shared-secret, key: token}
        """;
}
