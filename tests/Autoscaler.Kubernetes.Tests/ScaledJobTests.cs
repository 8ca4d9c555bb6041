using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Autoscaler.Testing;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Autoscaler.Kubernetes.Tests;

/// <summary>A ScaledJob in the cluster creates Jobs and cleans up their history.</summary>
public sealed class ScaledJobTests
{
    [Fact]
    public async Task A_ScaledJob_creates_labelled_owned_Jobs_and_deletes_finished_ones_with_Background_propagation()
    {
        await using var cluster = await KubeCluster.StartAsync();
        var handler = new RecordingHandler();
        var source = "work-" + cluster.Namespace;
        await using var service = await TestService.StartAsync(
            new Dictionary<string, string>(),
            services => services.Replace(ServiceDescriptor.Singleton<IKubernetes>(cluster.NewClient(handler))),
            cluster.ServiceArgs());
        var scaledJob = await cluster.CreateAsync("scaledjobs", new JsonObject
        {
            ["apiVersion"] = "autoscaler.dev/v1alpha1",
            ["kind"] = "ScaledJob",
            ["metadata"] = new JsonObject { ["name"] = "worker" },
            ["spec"] = new JsonObject
            {
                ["pollingInterval"] = 1,
                ["maxReplicaCount"] = 5,
                ["successfulJobsHistoryLimit"] = 0,
                ["jobTargetRef"] = new JsonObject
                {
                    ["template"] = new JsonObject
                    {
                        ["spec"] = new JsonObject
                        {
                            ["restartPolicy"] = "Never",
                            ["containers"] = new JsonArray(new JsonObject { ["name"] = "worker", ["image"] = "registry.k8s.io/pause:3.9" }),
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
        var uid = scaledJob["metadata"]!["uid"]!.GetValue<string>();

        (await service.Client.PutAsJsonAsync($"/api/demo/sources/{source}", new { value = 2 })).EnsureSuccessStatusCode();
        var jobs = await Eventually.ValueAsync(
            async () => (await cluster.Client.BatchV1.ListNamespacedJobAsync(cluster.Namespace, labelSelector: "autoscaler.dev/scaled-job=worker")).Items,
            j => j.Count >= 2,
            "two Jobs");
        (await service.Client.PutAsJsonAsync($"/api/demo/sources/{source}", new { value = 0 })).EnsureSuccessStatusCode();
        foreach (var job in jobs)
        {
            Assert.StartsWith("worker-", job.Metadata.Name, StringComparison.Ordinal);
            Assert.Equal("worker-", job.Metadata.GenerateName);
            var owner = Assert.Single(job.Metadata.OwnerReferences);
            Assert.Equal(("ScaledJob", "worker", uid, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller == true));
        }

        // The Jobs finish; with successfulJobsHistoryLimit 0 the worker deletes them, pods included (Background).
        foreach (var job in jobs)
        {
            var now = DateTime.UtcNow;
            var status = new V1Patch(new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["succeeded"] = 1,
                    ["startTime"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
                    ["completionTime"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
                    ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Complete", ["status"] = "True", ["lastTransitionTime"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") }),
                },
            }.ToJsonString(), V1Patch.PatchType.MergePatch);
            await cluster.Client.BatchV1.PatchNamespacedJobStatusAsync(status, job.Metadata.Name, cluster.Namespace);
        }

        await Eventually.WaitAsync(
            async () => (await cluster.Client.BatchV1.ListNamespacedJobAsync(cluster.Namespace, labelSelector: "autoscaler.dev/scaled-job=worker")).Items.Count == 0,
            "finished Jobs deleted");
        Assert.NotEmpty(handler.DeleteBodies);
        Assert.All(handler.DeleteBodies, body => Assert.Contains("\"propagationPolicy\":\"Background\"", body, StringComparison.Ordinal));
    }
}
