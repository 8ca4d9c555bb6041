using Autoscaler.Engine;
using Autoscaler.Model;
using Autoscaler.Scaling;
using static Autoscaler.Tests.Engine.StepScript;

namespace Autoscaler.Tests.Engine;

public sealed class ScaleEngineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(30);

    private static ScaledObjectSpec Spec(int min = 0, int max = 100, int cooldown = 300, int? idle = null, int initialCooldown = 0) => new()
    {
        MinReplicaCount = min,
        MaxReplicaCount = max,
        CooldownPeriod = cooldown,
        IdleReplicaCount = idle,
        InitialCooldownPeriod = initialCooldown,
    };

    [Fact]
    public void IdleAtZero_StaysAtZero_WhileNoTriggerIsActive()
    {
        var script = new StepScript(Spec(), T0);
        var decision = script.Step(TimeSpan.Zero, Sample(0, Metric(5), 0));

        Assert.Equal(0, decision.DesiredReplicas);
        Assert.False(decision.IsActive);
        Assert.Equal(ScaleReason.Idle, decision.Reason);
        Assert.Null(decision.State.LastActiveTime);
    }

    [Fact]
    public void Activation_ScalesFromZeroStraightToTheMetricAnswer_AndRecordsLastActiveTime()
    {
        var script = new StepScript(Spec(), T0);
        script.Step(TimeSpan.Zero, Sample(0, Metric(5), 0));
        var decision = script.Step(Tick, Sample(0, Metric(5), 42));

        Assert.Equal(9, decision.DesiredReplicas);
        Assert.True(decision.IsActive);
        Assert.Equal(ScaleReason.Activated, decision.Reason);
        Assert.Equal(T0 + Tick, decision.State.LastActiveTime);
        Assert.Contains("42 / 5 per replica → 9", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValueAtOrBelowActivationThreshold_IsNotActive_AndDoesNotWakeTheWorkload()
    {
        var script = new StepScript(Spec(), T0);
        var decision = script.Step(TimeSpan.Zero, Sample(0, Metric(5, activation: 10), 10));

        Assert.Equal(0, decision.DesiredReplicas);
        Assert.False(decision.IsActive);
    }

    [Fact]
    public void SmallActiveValue_ScalesZeroToOne()
    {
        var script = new StepScript(Spec(), T0);
        var decision = script.Step(TimeSpan.Zero, Sample(0, Metric(100), 1));

        Assert.Equal(1, decision.DesiredReplicas);
        Assert.Equal(ScaleReason.Activated, decision.Reason);
    }

    [Fact]
    public void Cooldown_KeepsTheWorkloadUpUntilCooldownPeriodPassed_ThenScalesToZero()
    {
        var script = new StepScript(Spec(cooldown: 300), T0);
        script.Step(TimeSpan.Zero, Sample(0, Metric(5), 50));
        Assert.Equal(10, script.Replicas);
        var lastActive = script.Now;

        // Demand stops: no scale to zero while cooling down (and the HPA's default 300 s scale-down
        // stabilization holds the count meanwhile).
        var cooling = script.Step(Tick, Sample(0, Metric(5), 0));
        Assert.True(cooling.DesiredReplicas >= 1);
        Assert.Contains(cooling.Reason, new[] { ScaleReason.CooldownPending, ScaleReason.Stabilized });

        // One second before the cooldown ends: still up.
        var before = script.Step(lastActive.AddSeconds(299) - script.Now, Sample(0, Metric(5), 0));
        Assert.True(before.DesiredReplicas >= 1);

        // At lastActive + cooldownPeriod: to zero (the default scale-down policy allows 100 % per 15 s).
        var after = script.Step(lastActive.AddSeconds(300) - script.Now, Sample(0, Metric(5), 0));
        Assert.Equal(0, after.DesiredReplicas);
        Assert.Equal(ScaleReason.ScaledToZero, after.Reason);
        Assert.Equal(lastActive, after.State.LastActiveTime);
    }

    [Fact]
    public void ActivityDuringCooldown_RestartsTheCooldown()
    {
        var script = new StepScript(Spec(cooldown: 60), T0);
        script.Step(TimeSpan.Zero, Sample(0, Metric(5), 5));
        script.Step(TimeSpan.FromSeconds(50), Sample(0, Metric(5), 0));
        script.Step(TimeSpan.FromSeconds(5), Sample(0, Metric(5), 5));
        var stillUp = script.Step(TimeSpan.FromSeconds(30), Sample(0, Metric(5), 0));

        Assert.Equal(1, stillUp.DesiredReplicas);
        var down = script.Step(TimeSpan.FromSeconds(30), Sample(0, Metric(5), 0));
        Assert.Equal(0, down.DesiredReplicas);
    }

    [Fact]
    public void IdleReplicaCount_IsWhereTheObjectRests_AndActivationGoesToMin()
    {
        var script = new StepScript(Spec(min: 3, idle: 1, cooldown: 60), T0);
        script.SetReplicas(1);
        var resting = script.Step(TimeSpan.Zero, Sample(0, Metric(10), 0));
        Assert.Equal(1, resting.DesiredReplicas);
        Assert.Equal(ScaleReason.Idle, resting.Reason);

        var active = script.Step(Tick, Sample(0, Metric(10), 5));
        Assert.Equal(3, active.DesiredReplicas);
        Assert.Equal(ScaleReason.Activated, active.Reason);

        script.Step(Tick, Sample(0, Metric(10), 0));
        var idle = script.Step(TimeSpan.FromSeconds(60), Sample(0, Metric(10), 0));
        Assert.Equal(1, idle.DesiredReplicas);
        Assert.Equal(ScaleReason.ScaledToIdle, idle.Reason);

        // Resting at the idle count is stable: no flapping between 1 and min.
        var stable = script.Step(Tick, Sample(0, Metric(10), 0));
        Assert.Equal(1, stable.DesiredReplicas);
    }

    [Fact]
    public void MinReplicaCountAboveZero_NeverScalesToZero()
    {
        var script = new StepScript(Spec(min: 2, cooldown: 0), T0);
        script.SetReplicas(4);
        var decision = script.Step(TimeSpan.FromHours(1), Sample(0, Metric(5), 0));

        Assert.Equal(2, decision.DesiredReplicas);
        Assert.Equal(ScaleReason.MinReplicas, decision.Reason);
    }

    [Fact]
    public void Clamp_CapsAtMaxReplicaCount()
    {
        var script = new StepScript(Spec(max: 7), T0);
        var decision = script.Step(TimeSpan.Zero, Sample(0, Metric(1), 1000));

        Assert.Equal(7, decision.DesiredReplicas);
        Assert.Equal(ScaleReason.MaxReplicas, decision.Reason);
        Assert.Contains("capped at maxReplicaCount 7", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralTriggers_TheLargestAnswerWins_AndOneActiveTriggerIsEnough()
    {
        var script = new StepScript(Spec(), T0);
        var queue = Metric(10);
        var lag = Metric(100, activation: 1000);
        var decision = script.Step(TimeSpan.Zero, Sample(0, queue, 25), Sample(1, lag, 700));

        Assert.Equal(7, decision.DesiredReplicas);
        Assert.True(decision.IsActive);
        Assert.Equal([3, 7], decision.Recommendations.Select(r => r.Replicas!.Value));
        Assert.Contains("t1", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tolerance_KeepsTheCurrentCount_WhenTheRatioIsWithinTenPercent()
    {
        var script = new StepScript(Spec(), T0);
        script.SetReplicas(10);
        var within = script.Step(Tick, Sample(0, Metric(10), 105));
        Assert.Equal(10, within.DesiredReplicas);
        Assert.Equal(ScaleReason.WithinTolerance, within.Reason);

        var outside = script.Step(Tick, Sample(0, Metric(10), 115));
        Assert.Equal(12, outside.DesiredReplicas);
    }

    [Fact]
    public void ValueMetricType_ScalesByRatioToTheTotalTarget()
    {
        var script = new StepScript(Spec(), T0);
        script.SetReplicas(4);
        var decision = script.Step(Tick, Sample(0, Metric(50, type: MetricTargetType.Value), 100));

        Assert.Equal(8, decision.DesiredReplicas);
    }

    [Fact]
    public void AllTriggersFailing_HoldsTheCurrentCount_AndCountsFailures()
    {
        var script = new StepScript(Spec(cooldown: 0), T0);
        script.SetReplicas(5);
        var failed = TriggerSample.Failed(0, "q", Metric(5), "connection refused");
        var first = script.Step(Tick, failed);
        var second = script.Step(Tick, failed);

        Assert.Equal(5, second.DesiredReplicas);
        Assert.Equal(ScaleReason.ScalerErrors, second.Reason);
        Assert.Equal(1, first.State.ConsecutiveFailures);
        Assert.Equal(2, second.State.ConsecutiveFailures);

        var recovered = script.Step(Tick, Sample(0, Metric(5), 10));
        Assert.Equal(0, recovered.State.ConsecutiveFailures);
        Assert.Equal(2, recovered.DesiredReplicas);
    }

    [Fact]
    public void OneTriggerFailing_OthersStillDecide()
    {
        var script = new StepScript(Spec(), T0);
        var decision = script.Step(TimeSpan.Zero, TriggerSample.Failed(0, "a", Metric(5), "boom"), Sample(1, Metric(5), 20));

        Assert.Equal(4, decision.DesiredReplicas);
        Assert.Null(decision.Recommendations[0].Replicas);
    }

    [Fact]
    public void InitialCooldownPeriod_DelaysTheFirstScaleToZero()
    {
        var script = new StepScript(Spec(initialCooldown: 120, cooldown: 0), T0);
        script.SetReplicas(3);
        var early = script.Step(TimeSpan.FromSeconds(60), Sample(0, Metric(5), 0));
        Assert.Equal(1, early.DesiredReplicas);
        Assert.Equal(ScaleReason.CooldownPending, early.Reason);

        var late = script.Step(TimeSpan.FromSeconds(60), Sample(0, Metric(5), 0));
        Assert.Equal(0, late.DesiredReplicas);
    }

    [Fact]
    public void SameInput_SameDecision()
    {
        var engine = new ScaleEngine();
        var input = new ScaleInput(Spec(), [Sample(0, Metric(3), 10)], 0, ScalerState.New(T0), T0);

        Assert.Equal(engine.Decide(input), engine.Decide(input), new DecisionComparer());
    }

    private sealed class DecisionComparer : IEqualityComparer<ScaleDecision>
    {
        public bool Equals(ScaleDecision? x, ScaleDecision? y) =>
            x!.DesiredReplicas == y!.DesiredReplicas && x.Reason == y.Reason && x.Message == y.Message
            && x.State.LastActiveTime == y.State.LastActiveTime && x.State.ConsecutiveFailures == y.State.ConsecutiveFailures;

        public int GetHashCode(ScaleDecision obj) => obj.DesiredReplicas;
    }
}
