using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Autoscaler.Testing;
using k8s;

namespace Autoscaler.Kubernetes.Tests;

/// <summary>The whole service in Kubernetes mode: a ScaledObject in the cluster scales a Deployment through /scale.</summary>
public sealed class ScaledObjectScalingTests
{
    public static JsonObject ScaledObject(string name, string target, string source) => new()
    {
        ["apiVersion"] = "autoscaler.dev/v1alpha1",
        ["kind"] = "ScaledObject",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["scaleTargetRef"] = new JsonObject { ["name"] = target },
            ["pollingInterval"] = 1,
            ["cooldownPeriod"] = 0,
            ["minReplicaCount"] = 0,
            ["maxReplicaCount"] = 5,
            ["triggers"] = new JsonArray(new JsonObject
            {
                ["type"] = "demo",
                ["metadata"] = new JsonObject { ["mode"] = "manual", ["source"] = source, ["targetValue"] = "10" },
            }),
        },
    };

    [Fact]
    public async Task ScaledObject_scales_a_Deployment_from_0_to_N_and_back_to_0_through_the_scale_subresource()
    {
        await using var cluster = await KubeCluster.StartAsync();
        await cluster.CreateDeploymentAsync("web", replicas: 0);
        await using var service = await TestService.StartAsync(new Dictionary<string, string>(), extraArgs: cluster.ServiceArgs());
        var source = "orders-" + cluster.Namespace;
        await cluster.CreateAsync("scaledobjects", ScaledObject("web-scaler", "web", source));

        // Idle source: the object runs, the Deployment stays at 0 (omitted spec.replicas in Scale reads as 0).
        await Eventually.WaitAsync(async () => (await service.Client.GetAsync($"/api/scaledobjects/{cluster.Namespace}/web-scaler")).IsSuccessStatusCode, "the ScaledObject runs");
        Assert.Equal(0, await cluster.ScaleReplicasAsync("web"));

        (await service.Client.PutAsJsonAsync($"/api/demo/sources/{source}", new { value = 25 })).EnsureSuccessStatusCode();
        await Eventually.WaitAsync(async () => await cluster.ScaleReplicasAsync("web") == 3, "web scaled to 3 (25 / 10 per replica)");

        (await service.Client.PutAsJsonAsync($"/api/demo/sources/{source}", new { value = 0 })).EnsureSuccessStatusCode();
        await Eventually.WaitAsync(async () => await cluster.ScaleReplicasAsync("web") == 0, "web scaled back to 0");

        // The status subresource carries the conditions and the replicas; a scale left an Event with the engine's reason.
        var status = await Eventually.ValueAsync(
            async () => (await cluster.GetAsync("scaledobjects", "web-scaler"))?["status"],
            s => s?["desiredReplicas"]?.GetValue<int>() == 0 && s["conditions"] is JsonArray { Count: 4 },
            "status written");
        Assert.Equal(["Ready", "Active", "Fallback", "Paused"], status!["conditions"]!.AsArray().Select(c => c!["type"]!.GetValue<string>()));
        var events = await Eventually.ValueAsync(
            async () => (await cluster.Client.CoreV1.ListNamespacedEventAsync(cluster.Namespace)).Items.Where(e => e.InvolvedObject.Name == "web-scaler").ToList(),
            e => e.Count >= 2,
            "an Event per scale");
        Assert.Contains(events, e => e.Message.Contains("0 → 3", StringComparison.Ordinal) && e.Reason == "Activated");
        Assert.Contains(events, e => e.Message.Contains("3 → 0", StringComparison.Ordinal));
    }
}
