using System.Text.Json.Nodes;
using Autoscaler.Testing;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Autoscaler.Kubernetes.Tests;

/// <summary>The controller: watch resumption, 410 Gone, invalid objects, missing targets.</summary>
public sealed class ControllerTests
{
    [Fact]
    public async Task The_watch_resumes_after_it_ends_and_lists_again_after_410_Gone()
    {
        await using var cluster = await KubeCluster.StartAsync();
        await using var service = await TestService.StartAsync(new Dictionary<string, string>(), extraArgs: cluster.ServiceArgs("--Autoscaler:Kubernetes:WatchTimeout", "00:00:02"));
        var source = service.Services.GetRequiredService<KubernetesResourceSource>();
        await cluster.CreateAsync("scaledobjects", ScaledObjectScalingTests.ScaledObject("first", "web", "s1"));
        await Eventually.WaitAsync(async () => (await service.Client.GetAsync($"/api/scaledobjects/{cluster.Namespace}/first")).IsSuccessStatusCode, "first runs");
        var listsBefore = source.Lists;

        if (cluster.Server is { } server)
        {
            // The watches end and the history they would resume from is compacted away: resuming gives 410 Gone.
            server.ExpireWatches();
        }

        await cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync("autoscaler.dev", "v1alpha1", cluster.Namespace, "scaledobjects", "first");
        await cluster.CreateAsync("scaledobjects", ScaledObjectScalingTests.ScaledObject("second", "web", "s2"));

        await Eventually.WaitAsync(async () => (await service.Client.GetAsync($"/api/scaledobjects/{cluster.Namespace}/second")).IsSuccessStatusCode, "second runs");
        await Eventually.WaitAsync(async () => !(await service.Client.GetAsync($"/api/scaledobjects/{cluster.Namespace}/first")).IsSuccessStatusCode, "first stopped");
        if (cluster.Server is not null)
        {
            Assert.True(source.Lists > listsBefore, $"expected a re-list after 410 Gone (lists: {listsBefore} -> {source.Lists})");
        }
    }

    [Fact]
    public async Task An_invalid_object_gets_a_Ready_False_condition_and_a_Warning_Event_with_the_validator_messages()
    {
        await using var cluster = await KubeCluster.StartAsync();
        await using var service = await TestService.StartAsync(new Dictionary<string, string>(), extraArgs: cluster.ServiceArgs());
        var bad = ScaledObjectScalingTests.ScaledObject("bad", "web", "s");
        bad["spec"]!["minReplicaCount"] = 5;
        bad["spec"]!["maxReplicaCount"] = 2;
        bad["spec"]!["triggers"]![0]!["type"] = "demmo";
        await cluster.CreateAsync("scaledobjects", bad);

        var ready = await Eventually.ValueAsync(
            async () => (await cluster.GetAsync("scaledobjects", "bad"))?["status"]?["conditions"]?[0],
            c => c?["reason"]?.GetValue<string>() == "InvalidSpec",
            "the InvalidSpec condition");
        var message = ready!["message"]!.GetValue<string>();
        Assert.Equal("False", ready["status"]!.GetValue<string>());
        Assert.Contains("spec.maxReplicaCount: must be at least minReplicaCount (5), got 2", message, StringComparison.Ordinal);
        Assert.Contains("spec.triggers[0].type: unknown trigger type 'demmo'", message, StringComparison.Ordinal);
        var events = await Eventually.ValueAsync(
            async () => (await cluster.Client.CoreV1.ListNamespacedEventAsync(cluster.Namespace)).Items.Where(e => e.InvolvedObject.Name == "bad").ToList(),
            e => e.Count > 0,
            "a Warning Event");
        Assert.Equal("Warning", events[0].Type);
        Assert.Equal(message, events[0].Message);
        Assert.False((await service.Client.GetAsync($"/api/scaledobjects/{cluster.Namespace}/bad")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_missing_scale_target_is_a_status_condition_not_a_crash()
    {
        await using var cluster = await KubeCluster.StartAsync();
        await using var service = await TestService.StartAsync(new Dictionary<string, string>(), extraArgs: cluster.ServiceArgs());
        await cluster.CreateAsync("scaledobjects", ScaledObjectScalingTests.ScaledObject("orphan", "ghost", "s"));

        var ready = await Eventually.ValueAsync(
            async () => (await cluster.GetAsync("scaledobjects", "orphan"))?["status"]?["conditions"]?[0],
            c => c?["reason"]?.GetValue<string>() == "ScaleTargetNotFound",
            "the ScaleTargetNotFound condition");
        Assert.Equal("False", ready!["status"]!.GetValue<string>());

        // Once the target appears, the object works.
        await cluster.CreateDeploymentAsync("ghost", replicas: 0);
        await Eventually.ValueAsync(
            async () => (await cluster.GetAsync("scaledobjects", "orphan"))?["status"]?["conditions"]?[0],
            c => c?["status"]?.GetValue<string>() == "True",
            "Ready once the target exists");
    }
}
