using Autoscaler.Engine;
using Autoscaler.Model;
using static Autoscaler.Tests.Engine.EngineScript;

namespace Autoscaler.Tests.Engine;

public sealed class FallbackAndPauseTests
{
    [Theory]
    [InlineData("static", 5, 3, 3)]
    [InlineData("currentReplicas", 5, 3, 5)]
    [InlineData("currentReplicasIfHigher", 5, 3, 5)]
    [InlineData("currentReplicasIfHigher", 2, 3, 3)]
    [InlineData("currentReplicasIfLower", 5, 3, 3)]
    [InlineData("currentReplicasIfLower", 2, 3, 2)]
    public void Fallback_FailuresAboveThreshold_UsesBehaviorsCount(string behavior, int current, int replicas, int expected)
    {
        var spec = NewSpec(min: 1);
        spec.Fallback = new Fallback { FailureThreshold = 2, Replicas = replicas, Behavior = behavior };
        var script = new EngineScript(spec, current);
        for (var i = 0; i < 2; i++)
        {
            var holding = script.At(i * 30, Q(null));
            Assert.Equal(current, holding.DesiredReplicas);
            Assert.Null(holding.Fallback);
            Assert.Equal(ScaleReason.ScalerErrors, holding.Reason);
        }

        var decision = script.At(60, Q(null));
        Assert.Equal(expected, decision.DesiredReplicas);
        Assert.Equal(ScaleReason.Fallback, decision.Reason);
        Assert.Contains("failed 3 reads in a row", decision.Fallback, StringComparison.Ordinal);
    }

    [Fact]
    public void Fallback_TriggerRecovers_FallbackEndsAndMetricsRule()
    {
        var spec = NewSpec(min: 1);
        spec.Fallback = new Fallback { FailureThreshold = 1, Replicas = 6 };
        var script = new EngineScript(spec, 2);
        script.At(0, Q(null));
        Assert.Equal(6, script.At(30, Q(null)).DesiredReplicas);
        var recovered = script.At(60, Q(60));
        Assert.Null(recovered.Fallback);
        Assert.Equal(6, recovered.DesiredReplicas);
    }

    [Fact]
    public void Fallback_OneOfTwoTriggersFailing_TakesMaxOfHealthyAndFallback()
    {
        var spec = NewSpec(min: 1);
        spec.Triggers.Add(new ScaleTrigger { Type = "demo", Name = "b" });
        spec.Fallback = new Fallback { FailureThreshold = 1, Replicas = 4 };
        var script = new EngineScript(spec, 2);
        script.At(0, Q(20), Q(null, name: "b", index: 1));
        var decision = script.At(30, Q(20), Q(null, name: "b", index: 1));
        Assert.Equal(4, decision.DesiredReplicas);
        Assert.NotNull(decision.Fallback);
        Assert.Contains("'b'", decision.Fallback, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("autoscaling.keda.sh/paused", "true", 4, 200, 4)]
    [InlineData("autoscaler.dev/paused", "true", 4, 0, 4)]
    [InlineData("autoscaling.keda.sh/paused-replicas", "2", 4, 200, 2)]
    [InlineData("autoscaler.dev/paused-replicas", "0", 4, 200, 0)]
    [InlineData("autoscaling.keda.sh/paused-scale-in", "true", 4, 10, 4)]
    [InlineData("autoscaling.keda.sh/paused-scale-in", "true", 4, 60, 6)]
    [InlineData("autoscaler.dev/paused-scale-out", "true", 4, 200, 4)]
    [InlineData("autoscaler.dev/paused-scale-out", "true", 4, 20, 2)]
    [InlineData("autoscaling.keda.sh/paused", "false", 4, 60, 6)]
    public void Pause_Annotation_HoldsOrSetsCount(string annotation, string value, int current, double metric, int expected)
    {
        var behavior = new HpaBehavior { ScaleDown = Rules(0) };
        var script = new EngineScript(NewSpec(min: 1, behavior: behavior), current, new Dictionary<string, string> { [annotation] = value });
        var decision = script.At(0, Q(metric));
        Assert.Equal(expected, decision.DesiredReplicas);
        if (value == "false")
        {
            Assert.Null(decision.Paused);
        }
        else
        {
            Assert.Contains(annotation, decision.Paused, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Pause_PausedReplicasAndPaused_PausedReplicasWins()
    {
        var annotations = new Dictionary<string, string> { ["autoscaling.keda.sh/paused"] = "true", ["autoscaling.keda.sh/paused-replicas"] = "7" };
        var script = new EngineScript(NewSpec(min: 1), 3, annotations);
        var decision = script.At(0, Q(10));
        Assert.Equal(7, decision.DesiredReplicas);
        Assert.Equal(ScaleReason.Paused, decision.Reason);
    }
}
