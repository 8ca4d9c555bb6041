using Autoscaler.Simulation;
using Autoscaler.Simulation.Policies;
using Autoscaler.Simulation.Traces;

namespace Autoscaler.Tests.Simulation;

public sealed class SimulatorTests
{
    private static readonly SimulationOptions TwoSecondColdStart = new() { CapacityPerPod = 1, ColdStart = TimeSpan.FromSeconds(2) };

    private static Trace Minutes(params double[] requests) => new("t", 60, DateTimeOffset.UnixEpoch, [new TraceSeries("t", requests)]);

    [Fact]
    public void PodRequestedAtMinuteOne_ColdStartsUntilReady_ViolationsAndSlackAccounted()
    {
        var policy = new ScriptedPolicy(t => t >= 60_000 ? 1 : 0);
        var result = Simulator.Run(Minutes(60, 60), Minutes(60, 60).Series[0], policy, TwoSecondColdStart);
        Assert.Equal(120, result.Requests);
        Assert.Equal(62, result.ColdStartRequests, 6); // all of minute 0, and the 2 s of minute 1 before the pod is ready
        Assert.Equal(2, result.SloViolationIntervals);
        Assert.Equal(60, result.ReplicaSeconds, 6);
        Assert.Equal(-1, result.Slack, 6); // provisioned 60 pod-seconds, needed 120
        Assert.Equal(1, result.ScaleActions);
        Assert.Equal(1, result.PeakReplicas);
    }

    [Fact]
    public void OverProvisioned_IdleReplicaSecondsAndSlackCounted()
    {
        var policy = new ScriptedPolicy(_ => 4);
        var trace = Minutes(60, 0);
        var result = Simulator.Run(trace, trace.Series[0], policy, new SimulationOptions { ColdStart = TimeSpan.Zero });
        Assert.Equal(0, result.ColdStartRequests);
        Assert.Equal(0, result.SloViolationIntervals);
        Assert.Equal(480, result.ReplicaSeconds, 6);
        Assert.Equal((3 * 60) + (4 * 60), result.IdleReplicaSeconds, 6);
        Assert.Equal((480 - 60) / 480.0, result.Slack, 6);
    }

    [Fact]
    public void KedaDefault_BurstThenSilence_ScalesToZeroAfterCooldownAndReactivatesOnPoll()
    {
        var requests = new double[20];
        requests[0] = 600; // 10 req/s for a minute
        requests[12] = 60;
        var trace = Minutes(requests);
        var capacity = new double[trace.Intervals];
        var keda = PolicyCatalog.Baselines.Single(p => p.Name == "keda-default");
        var result = Simulator.Run(trace, trace.Series[0], keda, TwoSecondColdStart, capacity);
        Assert.True(capacity[5] > 0, "still up within the 300 s cooldown (last active at 60 s)");
        Assert.Equal(0, capacity[7]);
        Assert.Equal(0, capacity[11]);
        Assert.True(capacity[12] > 0, "reactivated during minute 12");
        Assert.Equal((32 * 10) + (32 * 1), result.ColdStartRequests, 6); // activation at the 30 s poll + 2 s cold start; minute 12: the poll at 750 s sees it
    }

    [Fact]
    public void Hpa_NeverScalesToZero()
    {
        var trace = Minutes(600, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        var capacity = new double[trace.Intervals];
        var hpa = PolicyCatalog.Baselines.Single(p => p.Name == "hpa");
        Simulator.Run(trace, trace.Series[0], hpa, TwoSecondColdStart, capacity);
        Assert.All(capacity, c => Assert.True(c >= 1 - 1e-9));
    }

    [Fact]
    public void FixedKeepAlive_KeepsInstanceTenMinutesAfterLastRequest()
    {
        var requests = new double[15];
        requests[0] = 30;
        var trace = Minutes(requests);
        var capacity = new double[trace.Intervals];
        var keepAlive = PolicyCatalog.Baselines.Single(p => p.Name == "fixed-keepalive-10m");
        var result = Simulator.Run(trace, trace.Series[0], keepAlive, TwoSecondColdStart, capacity);
        Assert.True(capacity[10] > 0);
        Assert.Equal(0, capacity[11]);
        Assert.Equal(1, result.ColdStartRequests, 6); // 0.5 req/s for the 2 s cold start
    }

    [Theory]
    [InlineData(new[] { 10, 10, 10, 10, 10 }, 9, 2, "histogram")]   // all idle times 10 min: pre-warm 9, keep to 11
    [InlineData(new int[0], 0, 240, "no idle times yet")]
    public void HybridHistogram_Windows_FollowPaper(int[] idleTimes, int preWarm, int keepAlive, string mode)
    {
        var bins = new int[HybridHistogramPolicy.RangeMinutes];
        foreach (var it in idleTimes)
        {
            bins[it]++;
        }

        var (p, k, m) = HybridHistogramPolicy.Windows(bins, 0, []);
        Assert.Equal(preWarm, p);
        Assert.Equal(keepAlive, k);
        Assert.StartsWith(mode, m, StringComparison.Ordinal);
    }

    [Fact]
    public void HybridHistogram_FlatHistogram_FallsBackToFixedKeepAlive()
    {
        var bins = Enumerable.Repeat(1, HybridHistogramPolicy.RangeMinutes).ToArray();
        var (p, k, m) = HybridHistogramPolicy.Windows(bins, 0, []);
        Assert.Equal((0, 240), (p, k));
        Assert.Contains("not representative", m, StringComparison.Ordinal);
    }

    [Fact]
    public void HybridHistogram_MostlyOutOfRange_UsesForecast()
    {
        var (p, k, m) = HybridHistogramPolicy.Windows(new int[HybridHistogramPolicy.RangeMinutes], 3, [300, 300, 300]);
        Assert.Equal(255, p);
        Assert.Equal(345 - 255, k);
        Assert.Contains("out of range", m, StringComparison.Ordinal);
    }

    private sealed class ScriptedPolicy(Func<long, int> replicas) : IScalingPolicy
    {
        public string Name => "scripted";

        public string Description => "test";

        public IPolicyController Start(PolicySettings settings) => new Controller(replicas);

        private sealed class Controller(Func<long, int> replicas) : IPolicyController
        {
            public PolicyDecision Decide(in PolicyObservation observation) => new(replicas(observation.NowMs), observation.NowMs + 1000);
        }
    }
}
