using System.Text.Json.Nodes;
using Autoscaler.Actuation;
using Autoscaler.Runtime.Embedded;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Autoscaler.Tests.Runtime;

public sealed class SimulatedClusterTests
{
    private static readonly ScaleTargetKey Web = new("demo", "apps/v1", "Deployment", "web");

    private static (SimulatedCluster Cluster, FakeTimeProvider Time) Create(bool autoCreate = true)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var options = new SimulatedClusterOptions { ColdStart = TimeSpan.FromSeconds(2), JobDuration = TimeSpan.FromSeconds(10), AutoCreateTargets = autoCreate };
        return (new SimulatedCluster(time, Options.Create(options)), time);
    }

    [Fact]
    public async Task RequestedPods_BecomeReadyAfterTheColdStart()
    {
        var (cluster, time) = Create();

        var afterWrite = await cluster.SetReplicasAsync(Web, 3, default);
        Assert.Equal(new ScaleTargetState(3, 3, 0), afterWrite);

        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal(0, (await cluster.GetScaleAsync(Web, default)).ReadyReplicas);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(new ScaleTargetState(3, 3, 3), await cluster.GetScaleAsync(Web, default));
    }

    [Fact]
    public async Task ScaleIn_RemovesStartingPodsBeforeReadyOnes()
    {
        var (cluster, time) = Create();
        await cluster.SetReplicasAsync(Web, 2, default);
        time.Advance(TimeSpan.FromSeconds(5));
        await cluster.SetReplicasAsync(Web, 4, default);

        var state = await cluster.SetReplicasAsync(Web, 2, default);

        Assert.Equal(new ScaleTargetState(2, 2, 2), state);
    }

    [Fact]
    public async Task MissingTarget_IsNotFound_WhenAutoCreateIsOff()
    {
        var (cluster, _) = Create(autoCreate: false);

        var e = await Assert.ThrowsAsync<ScaleTargetNotFoundException>(() => cluster.GetScaleAsync(Web, default).AsTask());
        Assert.Contains("\"web\" not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_ArePendingThenRunningThenSucceeded_OnTheClock()
    {
        var (cluster, time) = Create();
        var spec = new JsonObject { ["template"] = new JsonObject() };
        var job = await cluster.CreateJobAsync(new JobRequest("demo", "batch", spec, new Dictionary<string, string> { ["EVENT_ID"] = "e1" }), default);

        Assert.Equal(JobPhase.Pending, job.Phase);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(JobPhase.Running, Assert.Single(await cluster.ListJobsAsync("demo", "batch", default)).Phase);
        time.Advance(TimeSpan.FromSeconds(10));
        var done = Assert.Single(await cluster.ListJobsAsync("demo", "batch", default));
        Assert.Equal(JobPhase.Succeeded, done.Phase);
        Assert.Equal(job.CreatedAt + TimeSpan.FromSeconds(12), done.FinishedAt);
        Assert.Equal("e1", cluster.JobEnvironment("demo", job.Name)!["EVENT_ID"]);

        await cluster.DeleteJobAsync("demo", job.Name, default);
        Assert.Empty(await cluster.ListJobsAsync("demo", "batch", default));
    }
}
