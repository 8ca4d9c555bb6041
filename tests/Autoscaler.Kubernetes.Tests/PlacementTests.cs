using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Autoscaler.Testing;
using k8s;
using k8s.Models;

namespace Autoscaler.Kubernetes.Tests;

/// <summary>
/// spec.placement on a cluster: a profile on the target's template, the hybrid split over a managed burst Deployment
/// (split, scale-in order, template following, deletion with the ScaledObject), and a profile on a ScaledJob's Jobs.
/// </summary>
public sealed class PlacementTests
{
    private static readonly string[] SpotProfile =
    [
        "--Autoscaler:Placement:Profiles:spot:nodeSelector:pool", "spot",
        "--Autoscaler:Placement:Profiles:spot:tolerations:0:key", "spot",
        "--Autoscaler:Placement:Profiles:spot:tolerations:0:operator", "Exists",
        "--Autoscaler:Placement:Profiles:spot:labels:tier", "burst",
    ];

    private static JsonObject PlacedScaledObject(string name, string target, string source, JsonObject placement)
    {
        var scaledObject = ScaledObjectScalingTests.ScaledObject(name, target, source);
        scaledObject["spec"]!["maxReplicaCount"] = 10;
        scaledObject["spec"]!["placement"] = placement;
        // No scale-down stabilization (the HPA default is 300 s), so 7 → 2 happens at once.
        scaledObject["spec"]!["advanced"] = JsonNode.Parse("""{"horizontalPodAutoscalerConfig":{"behavior":{"scaleDown":{"stabilizationWindowSeconds":0}}}}""");
        return scaledObject;
    }

    [Fact]
    public async Task Hybrid_placement_puts_replicas_above_the_base_on_an_owned_burst_Deployment_scales_it_in_first_follows_the_template_and_deletes_it_with_the_ScaledObject()
    {
        await using var cluster = await KubeCluster.StartAsync();
        await cluster.CreateDeploymentAsync("web", replicas: 0);
        await using var service = await TestService.StartAsync(new Dictionary<string, string>(), extraArgs: cluster.ServiceArgs(SpotProfile));
        var source = "orders-" + cluster.Namespace;
        var scaledObject = await cluster.CreateAsync("scaledobjects",
            PlacedScaledObject("web-scaler", "web", source, new JsonObject { ["baseReplicas"] = 3, ["burstProfile"] = "spot" }));
        using var log = ReplicaLog.Start(cluster);

        // 70 / 10 per replica = 7: 3 stay on the target, 4 go to web-burst.
        (await service.Client.PutAsJsonAsync($"/api/demo/sources/{source}", new { value = 70 })).EnsureSuccessStatusCode();
        await Eventually.WaitAsync(async () => await cluster.ScaleReplicasAsync("web") == 3 && await BurstReplicasAsync(cluster) == 4, "web 3 + web-burst 4");

        var burst = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web-burst", cluster.Namespace);
        var owner = Assert.Single(burst.Metadata.OwnerReferences);
        Assert.Equal(("ScaledObject", "web-scaler", scaledObject["metadata"]!["uid"]!.GetValue<string>(), true), (owner.Kind, owner.Name, owner.Uid, owner.Controller ?? false));
        Assert.Equal("web", burst.Metadata.Labels["autoscaler.dev/burst-of"]);
        Assert.Equal("spot", burst.Metadata.Labels["autoscaler.dev/node-profile"]);
        Assert.Equal("spot", burst.Spec.Template.Spec.NodeSelector["pool"]);
        Assert.Equal("burst", burst.Spec.Template.Metadata.Labels["tier"]);
        Assert.Contains(burst.Spec.Template.Spec.Tolerations, t => t.Key == "spot" && t.OperatorProperty == "Exists");
        Assert.Equal("web", burst.Spec.Selector.MatchLabels["app"]);
        Assert.Equal("web", burst.Spec.Selector.MatchLabels["autoscaler.dev/burst-of"]);
        var target = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", cluster.Namespace);
        Assert.Null(target.Spec.Template.Spec.NodeSelector);

        // REST and the status subresource show the split.
        var placement = await Eventually.ValueAsync(
            async () => (await service.GetJsonAsync($"/api/scaledobjects/{cluster.Namespace}/web-scaler")).GetProperty("placement"),
            p => p.ValueKind == JsonValueKind.Object && p.GetProperty("burstReplicas").GetInt32() == 4,
            "REST shows the burst replicas");
        Assert.Equal((3, 3, "Deployment/web-burst", "spot"), (placement.GetProperty("baseReplicas").GetInt32(), placement.GetProperty("baseReplicaLimit").GetInt32(),
            placement.GetProperty("burstTarget").GetString(), placement.GetProperty("burstProfile").GetString()));
        await Eventually.WaitAsync(async () => (await cluster.GetAsync("scaledobjects", "web-scaler"))?["status"]?["placement"]?["burstReplicas"]?.GetValue<int>() == 4,
            "status.placement.burstReplicas 4");

        // The target's template changes: the burst re-clones it (and keeps its replicas).
        var hash = burst.Metadata.Annotations["autoscaler.dev/template-hash"];
        var change = new JsonObject { ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = "registry.k8s.io/pause:3.10" }),
        } } } };
        await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(change.ToJsonString(), V1Patch.PatchType.StrategicMergePatch), "web", cluster.Namespace);
        burst = await Eventually.ValueAsync(
            () => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web-burst", cluster.Namespace),
            b => b.Spec.Template.Spec.Containers[0].Image == "registry.k8s.io/pause:3.10",
            "web-burst follows web's new image");
        Assert.NotEqual(hash, burst.Metadata.Annotations["autoscaler.dev/template-hash"]);
        Assert.Equal(4, burst.Spec.Replicas);
        Assert.Equal("spot", burst.Spec.Template.Spec.NodeSelector["pool"]);

        // 20 → 2 replicas: the burst goes to 0 before the base shrinks.
        var before = log.Count;
        (await service.Client.PutAsJsonAsync($"/api/demo/sources/{source}", new { value = 20 })).EnsureSuccessStatusCode();
        await Eventually.WaitAsync(async () => await cluster.ScaleReplicasAsync("web") == 2 && await BurstReplicasAsync(cluster) == 0, "web 2 + web-burst 0");
        await Eventually.WaitAsync(() => Task.FromResult(log.Changes.Skip(before).Any(c => c is ("web", 2))), "the watch saw web at 2");
        var scaleIn = log.Changes.Skip(before).ToList();
        var burstAtZero = scaleIn.FindIndex(c => c is ("web-burst", 0));
        var baseShrunk = scaleIn.FindIndex(c => c is ("web", < 3));
        Assert.True(burstAtZero >= 0 && burstAtZero < baseShrunk, $"burst must reach 0 before the base shrinks: {string.Join(", ", scaleIn)}");

        // Deleting the ScaledObject deletes the burst Deployment (and leaves the target).
        await cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync("autoscaler.dev", "v1alpha1", cluster.Namespace, "scaledobjects", "web-scaler");
        await Eventually.WaitAsync(async () => (await cluster.Client.AppsV1.ListNamespacedDeploymentAsync(cluster.Namespace)).Items.All(d => d.Metadata.Name != "web-burst"),
            "web-burst deleted with the ScaledObject");
        Assert.Equal(2, await cluster.ScaleReplicasAsync("web"));
    }

    [Fact]
    public async Task A_profile_is_put_on_the_targets_pod_template_with_a_minimal_patch_and_on_every_Job_of_a_ScaledJob()
    {
        await using var cluster = await KubeCluster.StartAsync();
        await cluster.CreateDeploymentAsync("api", replicas: 1);
        await using var service = await TestService.StartAsync(new Dictionary<string, string>(), extraArgs: cluster.ServiceArgs(SpotProfile));
        await cluster.CreateAsync("scaledobjects", PlacedScaledObject("api-scaler", "api", "api-" + cluster.Namespace, new JsonObject { ["profile"] = "aks-virtual-node" }));

        var target = await Eventually.ValueAsync(
            () => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("api", cluster.Namespace),
            d => d.Spec.Template.Spec.NodeSelector?.ContainsKey("type") == true,
            "api on the aks-virtual-node profile");
        Assert.Equal("virtual-kubelet", target.Spec.Template.Spec.NodeSelector["type"]);
        Assert.Equal(2, target.Spec.Template.Spec.Tolerations.Count);
        Assert.Equal("api", target.Spec.Template.Metadata.Labels["app"]);
        Assert.Equal("registry.k8s.io/pause:3.9", Assert.Single(target.Spec.Template.Spec.Containers).Image);
        var status = await Eventually.ValueAsync(
            async () => await service.GetJsonAsync($"/api/scaledobjects/{cluster.Namespace}/api-scaler"),
            s => s.TryGetProperty("placement", out var p) && p.ValueKind == JsonValueKind.Object,
            "REST shows the placement");
        Assert.Equal("aks-virtual-node", status.GetProperty("placement").GetProperty("profile").GetString());

        var source = "work-" + cluster.Namespace;
        await cluster.CreateAsync("scaledjobs", new JsonObject
        {
            ["apiVersion"] = "autoscaler.dev/v1alpha1",
            ["kind"] = "ScaledJob",
            ["metadata"] = new JsonObject { ["name"] = "worker" },
            ["spec"] = new JsonObject
            {
                ["pollingInterval"] = 1,
                ["maxReplicaCount"] = 2,
                ["placement"] = new JsonObject { ["profile"] = "spot" },
                ["jobTargetRef"] = new JsonObject
                {
                    ["template"] = new JsonObject
                    {
                        ["spec"] = new JsonObject
                        {
                            ["restartPolicy"] = "Never",
                            ["containers"] = new JsonArray(new JsonObject { ["name"] = "work", ["image"] = "registry.k8s.io/pause:3.9" }),
                        },
                    },
                },
                ["triggers"] = new JsonArray(new JsonObject
                {
                    ["type"] = "demo",
                    ["metadata"] = new JsonObject { ["mode"] = "manual", ["source"] = source, ["targetValue"] = "1" },
                }),
            },
        });
        (await service.Client.PutAsJsonAsync($"/api/demo/sources/{source}", new { value = 1 })).EnsureSuccessStatusCode();
        var job = await Eventually.ValueAsync(
            async () => (await cluster.Client.BatchV1.ListNamespacedJobAsync(cluster.Namespace, labelSelector: "autoscaler.dev/scaled-job=worker")).Items.FirstOrDefault(),
            j => j is not null,
            "a Job was created");
        Assert.Equal("spot", job!.Spec.Template.Spec.NodeSelector["pool"]);
        Assert.Equal("burst", job.Spec.Template.Metadata.Labels["tier"]);
        Assert.Equal("spot", Assert.Single(job.Spec.Template.Spec.Tolerations).Key);
    }

    private static async Task<int> BurstReplicasAsync(KubeCluster cluster)
    {
        try
        {
            return await cluster.ScaleReplicasAsync("web-burst");
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return -1;
        }
    }

    /// <summary>Every spec.replicas change of the namespace's Deployments, in the order the API server reports them (a watch).</summary>
    private sealed class ReplicaLog : IDisposable
    {
        private readonly ConcurrentQueue<(string Name, int Replicas)> _changes = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Dictionary<string, int> _last = [];

        public int Count => _changes.Count;

        public List<(string Name, int Replicas)> Changes => [.. _changes];

        public static ReplicaLog Start(KubeCluster cluster)
        {
            var log = new ReplicaLog();
            _ = Task.Run(async () =>
            {
                try
                {
                    await foreach (var (_, deployment) in cluster.Client.AppsV1.WatchListNamespacedDeploymentAsync(cluster.Namespace, cancellationToken: log._stop.Token))
                    {
                        var replicas = deployment.Spec.Replicas ?? 0;
                        if (!log._last.TryGetValue(deployment.Metadata.Name, out var last) || last != replicas)
                        {
                            log._last[deployment.Metadata.Name] = replicas;
                            log._changes.Enqueue((deployment.Metadata.Name, replicas));
                        }
                    }
                }
                catch (Exception) when (log._stop.IsCancellationRequested)
                {
                }
            });
            return log;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }
}
