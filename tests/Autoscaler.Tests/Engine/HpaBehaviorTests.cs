using Autoscaler.Engine;
using Autoscaler.Model;
using static Autoscaler.Tests.Engine.EngineScript;

namespace Autoscaler.Tests.Engine;

public sealed class HpaBehaviorTests
{
    [Theory]
    [InlineData(1, 200, 5)]   // max(1 × 2, 1 + 4)
    [InlineData(10, 500, 20)] // max(10 × 2, 10 + 4)
    [InlineData(3, 50, 5)]    // within the limit: the recommendation
    [InlineData(2, 1000, 6)]  // max(4, 6)
    public void ScaleUp_DefaultPolicies_LimitedToDoubleOrPlusFourPer15s(int current, double value, int expected)
    {
        var script = new EngineScript(NewSpec(min: 1), current);
        var decision = script.At(0, Q(value));
        Assert.Equal(expected, decision.DesiredReplicas);
    }

    [Fact]
    public void ScaleUp_DefaultPolicies_NextStepAllowedOnlyAfterThePeriod()
    {
        var script = new EngineScript(NewSpec(min: 1), 1);
        Assert.Equal(5, script.At(0, Q(500)).DesiredReplicas);
        var held = script.At(10, Q(500));
        Assert.Equal(5, held.DesiredReplicas);
        Assert.Equal(ScaleReason.ScaleUpLimited, held.Reason);
        Assert.Contains("Pods 4 per 15s", held.Message, StringComparison.Ordinal);
        Assert.Equal(10, script.At(16, Q(500)).DesiredReplicas);
    }

    [Fact]
    public void ScaleDown_DefaultWindow_HoldsHighestRecommendationFor300Seconds()
    {
        var script = new EngineScript(NewSpec(min: 1), 10);
        Assert.Equal(10, script.At(0, Q(100)).DesiredReplicas);
        var held = script.At(60, Q(20));
        Assert.Equal(10, held.DesiredReplicas);
        Assert.Equal(ScaleReason.Stabilized, held.Reason);
        Assert.Contains("stabilizationWindowSeconds 300", held.Message, StringComparison.Ordinal);
        Assert.Equal(10, script.At(299, Q(20)).DesiredReplicas);
        Assert.Equal(2, script.At(301, Q(20)).DesiredReplicas);
    }

    [Fact]
    public void ScaleDown_PodsPolicy_RemovesOnePodPerMinute()
    {
        var behavior = new HpaBehavior { ScaleDown = Rules(0, null, ("Pods", 1, 60)) };
        var script = new EngineScript(NewSpec(min: 1, behavior: behavior), 5);
        Assert.Equal(4, script.At(0, Q(10)).DesiredReplicas);
        var held = script.At(30, Q(10));
        Assert.Equal(4, held.DesiredReplicas);
        Assert.Equal(ScaleReason.ScaleDownLimited, held.Reason);
        Assert.Equal(3, script.At(61, Q(10)).DesiredReplicas);
    }

    [Theory]
    [InlineData("Max", 20)] // the policy allowing the most change: 10 × 2
    [InlineData("Min", 14)] // the least change: 10 + 4
    [InlineData("Disabled", 10)]
    public void ScaleUp_SelectPolicy_PicksPolicy(string select, int expected)
    {
        var behavior = new HpaBehavior { ScaleUp = Rules(null, select, ("Pods", 4, 15), ("Percent", 100, 15)) };
        var script = new EngineScript(NewSpec(min: 1, behavior: behavior), 10);
        Assert.Equal(expected, script.At(0, Q(500)).DesiredReplicas);
    }

    [Theory]
    [InlineData("Max", 5)]  // Percent 50 of 10 → 5 (the most change)
    [InlineData("Min", 8)]  // Pods 2 → 8
    [InlineData("Disabled", 10)]
    public void ScaleDown_SelectPolicy_PicksPolicy(string select, int expected)
    {
        var behavior = new HpaBehavior { ScaleDown = Rules(0, select, ("Pods", 2, 60), ("Percent", 50, 60)) };
        var script = new EngineScript(NewSpec(min: 1, behavior: behavior), 10);
        Assert.Equal(expected, script.At(0, Q(10)).DesiredReplicas);
    }

    [Fact]
    public void ScaleUp_StabilizationWindow_UsesLowestRecentRecommendation()
    {
        var behavior = new HpaBehavior { ScaleUp = Rules(60) };
        var script = new EngineScript(NewSpec(min: 1, behavior: behavior), 2);
        Assert.Equal(2, script.At(0, Q(20)).DesiredReplicas);
        var held = script.At(30, Q(40));
        Assert.Equal(2, held.DesiredReplicas);
        Assert.Equal(ScaleReason.Stabilized, held.Reason);
        Assert.Equal(4, script.At(61, Q(40)).DesiredReplicas);
    }

    [Theory]
    [InlineData(0.5, 0.1, 130, 10)] // ratio 1.3 within the up tolerance 0.5
    [InlineData(0.1, 0.1, 130, 13)]
    [InlineData(0.1, 0.2, 85, 10)]  // ratio 0.85 within the down tolerance 0.2
    [InlineData(0.1, 0.1, 85, 9)]
    public void Tolerance_PerDirection_DecidesWhetherToMove(double up, double down, double value, int expected)
    {
        var behavior = new HpaBehavior
        {
            ScaleUp = new HpaScalingRules { Tolerance = up, Policies = [new HpaScalingPolicy { Type = "Pods", Value = 100, PeriodSeconds = 15 }] },
            ScaleDown = new HpaScalingRules { Tolerance = down, StabilizationWindowSeconds = 0 },
        };
        var script = new EngineScript(NewSpec(min: 1, behavior: behavior), 10);
        Assert.Equal(expected, script.At(0, Q(value)).DesiredReplicas);
    }
}
