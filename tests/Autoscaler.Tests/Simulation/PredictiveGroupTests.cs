using Autoscaler.Simulation;
using Autoscaler.Simulation.Policies;
using Autoscaler.Simulation.Traces;

namespace Autoscaler.Tests.Simulation;

/// <summary>
/// The <c>predictive</c> policy on a trace whose series come in groups (Azure Functions: an application's functions):
/// each series sees its siblings' wakes once they have happened, never before.
/// </summary>
public sealed class PredictiveGroupTests
{
    private static readonly SimulationOptions TwoSecondColdStart = new() { CapacityPerPod = 1, ColdStart = TimeSpan.FromSeconds(2) };
    private static readonly IScalingPolicy Predictive = PolicyCatalog.Baselines.Single(p => p.Name == "predictive");

    /// <summary>Two days: every six hours "leader" gets one minute of requests, and "follower" <paramref name="lag"/> minutes later.</summary>
    private static Trace Pair(int lag, string? group)
    {
        var leader = new double[2 * 24 * 60];
        var follower = new double[leader.Length];
        for (var start = 60; start + Math.Max(lag, 0) < leader.Length && start + lag >= 0; start += 6 * 60)
        {
            leader[start] = 6;
            follower[start + lag] = 6;
        }

        return new Trace("pair", 60, DateTimeOffset.UnixEpoch,
            [new TraceSeries("leader", leader) { Group = group }, new TraceSeries("follower", follower) { Group = group }]);
    }

    private static SeriesResult Follower(Trace trace) =>
        SimulationRunner.Run(trace, [Predictive], TwoSecondColdStart).Policies[0].Series.Single(s => s.Name == "follower");

    [Fact]
    public void AFollowerLearnsItsLeadersWakes_AndIsWarmWhenItsDemandComes()
    {
        var grouped = Follower(Pair(lag: 2, group: "app"));
        var apart = Follower(Pair(lag: 2, group: null));

        // A cold arrival costs 2 s at 0.1 request/s. Apart, the arrivals after six idle hours are cold until the
        // follower's own idle-time histogram has enough long idle periods to pre-warm; grouped, only the first is
        // (nothing learned yet).
        var unit = 6 / 60.0 * 2;
        Assert.InRange(apart.ColdStartRequests / unit, 4.9, 8.1);
        Assert.Equal(1, grouped.ColdStartRequests / unit, 1);
        Assert.True(grouped.IdleReplicaSeconds < apart.IdleReplicaSeconds + (8 * 4 * 60), $"grouped {grouped.IdleReplicaSeconds} vs apart {apart.IdleReplicaSeconds}");
    }

    [Fact]
    public void ASiblingsStepsAreKnown_OnlyOneDecisionAfterItsFirstRequestArrives()
    {
        // Per-minute demand: active at minutes 5, 8 and 9 (a wake at 5, a wake at 8, then activity at 9).
        var sibling = new TraceSeries("s", [0, 0, 0, 0, 0, 3, 0, 0, 4, 4, 0]);

        var events = SiblingEvent.From([sibling], intervalMs: 60_000, stepMs: 60_000, periodMs: 2_000);

        Assert.Equal(
            [new SiblingEvent(302_000, 300_000, "s", true), new SiblingEvent(482_000, 480_000, "s", true), new SiblingEvent(542_000, 540_000, "s", false)],
            events);
    }

    [Fact]
    public void ASiblingThatWakesAfterTheSeries_DoesNotWarmIt()
    {
        // The follower's demand comes a minute before the leader's: the leader's wakes predict nothing for it.
        var grouped = Follower(Pair(lag: -1, group: "app"));
        var apart = Follower(Pair(lag: -1, group: null));

        Assert.Equal(apart.ColdStartRequests, grouped.ColdStartRequests, 6);
    }

    [Fact]
    public void WithoutAGroup_EachSeriesReplaysExactlyAsOnItsOwn()
    {
        var trace = Pair(lag: 2, group: null);
        var together = SimulationRunner.Run(trace, [Predictive], TwoSecondColdStart).Policies[0].Series;

        Assert.Equal(Simulator.Run(trace, trace.Series[0], Predictive, TwoSecondColdStart), together[0]);
        Assert.Equal(Simulator.Run(trace, trace.Series[1], Predictive, TwoSecondColdStart), together[1]);
    }
}
