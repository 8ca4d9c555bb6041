using Autoscaler.Simulation;
using Autoscaler.Simulation.Policies;
using Autoscaler.Simulation.Traces;

namespace Autoscaler.Tests.Simulation;

/// <summary>The <c>predictive</c> policy: the real engine with prediction on, learning from the past only.</summary>
public sealed class PredictivePolicyTests
{
    private static readonly SimulationOptions TwoSecondColdStart = new() { CapacityPerPod = 1, ColdStart = TimeSpan.FromSeconds(2) };

    /// <summary>Three days of per-minute requests: 30 minutes at 2 req/s, 30 at 4 req/s, every hour (a rise within spec.prediction's default 2× cap).</summary>
    private static Trace HourlySquareWave()
    {
        var requests = new double[3 * 24 * 60];
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i] = i % 60 < 30 ? 120 : 240;
        }

        return new Trace("hourly", 60, new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), [new TraceSeries("hourly", requests)]);
    }

    [Fact]
    public void Catalog_HasThePredictivePolicy()
    {
        Assert.Contains("predictive", PolicyCatalog.Names);
    }

    [Fact]
    public void PeriodicRises_LearnedAndProvisionedAhead_HalvingKedasSloViolations()
    {
        var trace = HourlySquareWave();
        var keda = Simulator.Run(trace, trace.Series[0], PolicyCatalog.Baselines.Single(p => p.Name == "keda-default"), TwoSecondColdStart);
        var predictive = Simulator.Run(trace, trace.Series[0], PolicyCatalog.Baselines.Single(p => p.Name == "predictive"), TwoSecondColdStart);

        Assert.True(keda.SloViolationIntervals >= 60, $"keda-default misses most rises ({keda.SloViolationIntervals})");
        Assert.True(predictive.SloViolationIntervals * 2 <= keda.SloViolationIntervals, $"predictive {predictive.SloViolationIntervals} vs keda-default {keda.SloViolationIntervals}");
        Assert.True(predictive.ReplicaSeconds <= keda.ReplicaSeconds * 1.25, $"predictive {predictive.ReplicaSeconds} vs keda-default {keda.ReplicaSeconds} replica-seconds");
    }

    [Fact]
    public void ARequestArrivingAtZero_WakesTheObjectAtOnce_LikeAPushTrigger()
    {
        // Idle for 10 minutes, then one minute at 1 request/s, idle again.
        var requests = new double[30];
        requests[10] = 60;
        var trace = new Trace("one-burst", 60, new DateTimeOffset(2026, 11, 2, 0, 0, 7, TimeSpan.Zero), [new TraceSeries("one-burst", requests)]);

        var predictive = Simulator.Run(trace, trace.Series[0], PolicyCatalog.Baselines.Single(p => p.Name == "predictive"), TwoSecondColdStart);
        var keda = Simulator.Run(trace, trace.Series[0], PolicyCatalog.Baselines.Single(p => p.Name == "keda-default"), TwoSecondColdStart);

        // Only the cold start itself (2 s at 1 request/s) is cold; KEDA's poll leaves the requests waiting longer.
        Assert.InRange(predictive.ColdStartRequests, 1.9, 2.1);
        Assert.True(keda.ColdStartRequests > 4, $"keda-default {keda.ColdStartRequests}");
    }

    [Fact]
    public void SameTrace_SameResult()
    {
        var trace = HourlySquareWave();
        var policy = PolicyCatalog.Baselines.Single(p => p.Name == "predictive");

        Assert.Equal(Simulator.Run(trace, trace.Series[0], policy, TwoSecondColdStart), Simulator.Run(trace, trace.Series[0], policy, TwoSecondColdStart));
    }
}
