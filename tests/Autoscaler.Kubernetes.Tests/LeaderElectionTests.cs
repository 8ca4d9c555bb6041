using Autoscaler.Testing;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Autoscaler.Kubernetes.Tests;

/// <summary>Leader election on a Lease between two instances.</summary>
public sealed class LeaderElectionTests
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(2);

    private static LeaseLeadership Instance(KubeCluster cluster, RecordingHandler handler, string identity, string? podName = null) => new(
        cluster.NewClient(handler),
        TimeProvider.System,
        Options.Create(new KubernetesOptions
        {
            OperatorNamespace = cluster.Namespace,
            LeaseName = "autoscaler-leader",
            Identity = identity,
            PodName = podName,
            LeaseDuration = LeaseDuration,
            RenewDeadline = TimeSpan.FromSeconds(1.5),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        }),
        NullLogger<LeaseLeadership>.Instance);

    [Fact]
    public async Task A_standby_takes_over_within_the_lease_duration_when_the_leader_is_cut_off_and_both_never_lead_at_once()
    {
        await using var cluster = await KubeCluster.StartAsync();
        var handlerA = new RecordingHandler();
        var handlerB = new RecordingHandler();
        using var a = Instance(cluster, handlerA, "a");
        using var b = Instance(cluster, handlerB, "b");
        await a.StartAsync(default);
        await Eventually.WaitAsync(() => a.IsLeader, "a leads");
        await b.StartAsync(default);
        await Eventually.WaitAsync(() => b.Holder == "a", "b sees a as the holder");
        Assert.False(b.IsLeader);

        handlerA.Partitioned = true; // a can no longer renew (a crash or a network partition)
        var cutOff = DateTime.UtcNow;
        var bothLed = false;
        await Eventually.WaitAsync(() =>
        {
            bothLed |= a.IsLeader && b.IsLeader;
            return b.IsLeader;
        }, "b takes over", TimeSpan.FromSeconds(10));
        var takeover = DateTime.UtcNow - cutOff;

        Assert.False(a.IsLeader);
        Assert.False(bothLed);
        Assert.True(takeover <= LeaseDuration + TimeSpan.FromSeconds(1.5), $"took over after {takeover.TotalSeconds:F1} s (lease {LeaseDuration.TotalSeconds} s)");
        var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("autoscaler-leader", cluster.Namespace);
        Assert.Equal("b", lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
        await b.StopAsync(default);
        handlerA.Partitioned = false;
        await a.StopAsync(default);
    }

    [Fact]
    public async Task A_leader_that_stops_hands_over_at_once_and_the_leader_label_follows()
    {
        await using var cluster = await KubeCluster.StartAsync();
        foreach (var pod in new[] { "pod-a", "pod-b" })
        {
            await cluster.Client.CoreV1.CreateNamespacedPodAsync(new k8s.Models.V1Pod
            {
                Metadata = new k8s.Models.V1ObjectMeta { Name = pod },
                Spec = new k8s.Models.V1PodSpec { Containers = [new k8s.Models.V1Container { Name = "c", Image = "registry.k8s.io/pause:3.9" }] },
            }, cluster.Namespace);
        }

        async Task<string?> LabelOf(string pod) =>
            (await cluster.Client.CoreV1.ReadNamespacedPodAsync(pod, cluster.Namespace)).Metadata.Labels is { } labels && labels.TryGetValue(LeaseLeadership.LeaderLabel, out var value) ? value : null;
        using var a = Instance(cluster, new RecordingHandler(), "a", "pod-a");
        using var b = Instance(cluster, new RecordingHandler(), "b", "pod-b");
        await a.StartAsync(default);
        await Eventually.WaitAsync(() => a.IsLeader, "a leads");
        await b.StartAsync(default);
        await Eventually.WaitAsync(() => b.Holder == "a", "b sees a");

        await Eventually.WaitAsync(async () => await LabelOf("pod-a") == "true", "pod-a labelled leader");
        Assert.Null(await LabelOf("pod-b"));

        await a.StopAsync(default);
        var stopped = DateTime.UtcNow;
        await Eventually.WaitAsync(() => b.IsLeader, "b takes over");

        Assert.True(DateTime.UtcNow - stopped < LeaseDuration, "a released the Lease: b did not wait for it to expire");
        Assert.Null(await LabelOf("pod-a"));
        await Eventually.WaitAsync(async () => await LabelOf("pod-b") == "true", "pod-b labelled leader");
        await b.StopAsync(default);
    }
}
