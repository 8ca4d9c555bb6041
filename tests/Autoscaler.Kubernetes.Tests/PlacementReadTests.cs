using Autoscaler.Actuation;
using Autoscaler.Runtime.Placement;
using Autoscaler.Runtime.Resources;
using Autoscaler.Testing;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Autoscaler.Kubernetes.Tests;

/// <summary>
/// What a placed object costs the API server per loop turn: the placement checks are remembered with the
/// resourceVersions they saw, so a turn in which neither Deployment changed reads only the two scale subresources,
/// and a change to either one is checked (and repaired) on the next turn.
/// </summary>
public sealed class PlacementReadTests
{
    [Fact]
    public async Task A_steady_placed_object_reads_only_its_scale_subresources_and_a_changed_Deployment_is_checked_again()
    {
        await using var cluster = await KubeCluster.StartAsync();
        await cluster.CreateDeploymentAsync("web", replicas: 0);
        var handler = new RecordingHandler();
        using var client = cluster.NewClient(handler);
        var leader = new AlwaysLeader();
        var scale = new KubernetesScaleClient(client, leader, Options.Create(new KubernetesOptions()), NullLogger<KubernetesScaleClient>.Instance);
        var placement = new KubernetesWorkloadPlacement(client, scale, new ResourceStore(), leader,
            new NodeProfileCatalog(Options.Create(new NodeProfileOptions())), NullLogger<KubernetesWorkloadPlacement>.Instance);
        var target = new ScaleTargetKey(cluster.Namespace, "apps/v1", "Deployment", "web");
        var burst = new BurstRequest(target, "web-scaler", "eks-fargate");

        // One loop turn's reads, in the actuator's order (scale subresources first).
        async Task<int> TurnAsync()
        {
            var mark = handler.Requests.Count;
            await scale.GetScaleAsync(target, default);
            await placement.ApplyProfileAsync(target, "aks-virtual-node", default);
            try
            {
                await scale.GetScaleAsync(burst.Burst, default);
            }
            catch (ScaleTargetNotFoundException)
            {
                // Not created yet: EnsureBurst makes it.
            }

            await placement.EnsureBurstAsync(burst, default);
            return handler.Requests.Skip(mark).Count(r => r.Method == "GET" && !r.Path.EndsWith("/scale", StringComparison.Ordinal));
        }

        // The first turns put the profile on web and create web-burst; then the turns become steady (on a real
        // cluster the Deployment controller's status writes may take a few turns more).
        await TurnAsync();
        await Eventually.WaitAsync(async () => await TurnAsync() == 0, "a turn with no Deployment reads");
        var steady = handler.Requests.Count;
        Assert.Equal(0, await TurnAsync());
        Assert.Equal(2, handler.Requests.Skip(steady).Count()); // GET web/scale and GET web-burst/scale, nothing else
        Assert.Equal("virtual-kubelet", (await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", cluster.Namespace)).Spec.Template.Spec.NodeSelector["type"]);

        // Someone takes the profile off web: the next turn sees a new resourceVersion, reads web and patches it back.
        var strip = new V1Patch("""{"spec":{"template":{"spec":{"nodeSelector":{"type":null}}}}}""", V1Patch.PatchType.StrategicMergePatch);
        await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(strip, "web", cluster.Namespace);
        Assert.True(await TurnAsync() > 0);
        Assert.Equal("virtual-kubelet", (await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", cluster.Namespace)).Spec.Template.Spec.NodeSelector["type"]);

        // web's template changes: the burst follows it on the next turn.
        var image = new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"registry.k8s.io/pause:3.10"}]}}}}""", V1Patch.PatchType.StrategicMergePatch);
        await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(image, "web", cluster.Namespace);
        await TurnAsync();
        Assert.Equal("registry.k8s.io/pause:3.10", (await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web-burst", cluster.Namespace)).Spec.Template.Spec.Containers[0].Image);

        // And it settles again.
        await Eventually.WaitAsync(async () => await TurnAsync() == 0, "steady again after the changes");
    }
}
