using Autoscaler.Actuation;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Autoscaler.Kubernetes.Tests;

/// <summary>The actuator on the scale subresource: reads, writes, conflicts, missing targets.</summary>
public sealed class ActuatorTests
{
    private static KubernetesScaleClient ScaleClient(IKubernetes client) =>
        new(client, new AlwaysLeader(), Options.Create(new KubernetesOptions()), NullLogger<KubernetesScaleClient>.Instance);

    [Fact]
    public async Task A_conflicting_write_gets_409_and_is_retried_on_fresh_state()
    {
        await using var cluster = await KubeCluster.StartAsync();
        await cluster.CreateDeploymentAsync("web", replicas: 1);
        var handler = new RecordingHandler();
        using var client = cluster.NewClient(handler);
        var scale = ScaleClient(client);
        var target = new ScaleTargetKey(cluster.Namespace, "apps/v1", "Deployment", "web");
        Assert.Equal(1, (await scale.GetScaleAsync(target, default)).DesiredReplicas);

        // Someone else changes the Deployment between our read and our write (a label: the replicas stay 1).
        var interfered = false;
        handler.Before = async request =>
        {
            if (request.Method == HttpMethod.Patch && !interfered)
            {
                interfered = true;
                var patch = new V1Patch("""{"metadata":{"labels":{"touched":"yes"}}}""", V1Patch.PatchType.MergePatch);
                await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(patch, "web", cluster.Namespace);
            }
        };

        var after = await scale.SetReplicasAsync(target, 4, default);

        Assert.True(interfered);
        Assert.Equal(4, after.DesiredReplicas);
        Assert.Equal(4, await cluster.ScaleReplicasAsync("web"));
        Assert.Equal(2, handler.Count("PATCH", "/web/scale")); // the first got 409, the second went through
        Assert.Equal(2, handler.Count("GET", "/web/scale")); // the first read, and the fresh read after the 409
    }

    [Fact]
    public async Task Nothing_is_written_when_the_replicas_already_match_and_zero_reads_as_omitted()
    {
        await using var cluster = await KubeCluster.StartAsync();
        await cluster.CreateDeploymentAsync("web", replicas: 0);
        var handler = new RecordingHandler();
        using var client = cluster.NewClient(handler);
        var scale = ScaleClient(client);
        var target = new ScaleTargetKey(cluster.Namespace, "apps/v1", "Deployment", "web");

        var state = await scale.GetScaleAsync(target, default);
        Assert.Equal(0, state.DesiredReplicas);
        await scale.SetReplicasAsync(target, 0, default);
        Assert.Equal(0, handler.Count("PATCH", "/web/scale"));

        await scale.SetReplicasAsync(target, 2, default);
        await scale.SetReplicasAsync(target, 0, default);
        Assert.Equal(2, handler.Count("PATCH", "/web/scale"));
        Assert.Equal(0, (await scale.GetScaleAsync(target, default)).DesiredReplicas);
    }

    [Fact]
    public async Task A_StatefulSet_is_scaled_through_its_scale_subresource_too()
    {
        await using var cluster = await KubeCluster.StartAsync();
        await cluster.Client.AppsV1.CreateNamespacedStatefulSetAsync(new V1StatefulSet
        {
            Metadata = new V1ObjectMeta { Name = "db" },
            Spec = new V1StatefulSetSpec
            {
                Replicas = 1,
                ServiceName = "db",
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "db" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "db" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "db", Image = "registry.k8s.io/pause:3.9" }] },
                },
            },
        }, cluster.Namespace);
        var scale = ScaleClient(cluster.Client);
        var target = new ScaleTargetKey(cluster.Namespace, "apps/v1", "StatefulSet", "db");

        await scale.SetReplicasAsync(target, 3, default);

        Assert.Equal(3, (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("db", cluster.Namespace)).Spec.Replicas);
    }

    [Fact]
    public async Task A_missing_target_is_ScaleTargetNotFoundException_naming_the_target()
    {
        await using var cluster = await KubeCluster.StartAsync();
        var scale = ScaleClient(cluster.Client);
        var target = new ScaleTargetKey(cluster.Namespace, "apps/v1", "Deployment", "nope");

        var error = await Assert.ThrowsAsync<ScaleTargetNotFoundException>(async () => await scale.GetScaleAsync(target, default));

        Assert.Contains($"Deployment {cluster.Namespace}/nope not found", error.Message, StringComparison.Ordinal);
    }
}
