using Autoscaler.Engine;
using Autoscaler.Model;
using static Autoscaler.Tests.Engine.StepScript;

namespace Autoscaler.Tests.Engine;

public sealed class JobScaleEngineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    /// <summary>(strategy, queue, target, max, running, pending, expected new Jobs) — KEDA's documented formulas.</summary>
    public static TheoryData<string, double, double, int, int, int, int> Strategies => new()
    {
        { "default", 10, 1, 100, 0, 0, 10 },
        { "default", 10, 1, 100, 4, 0, 6 },
        { "default", 10, 2, 3, 0, 0, 3 },
        { "accurate", 10, 1, 100, 4, 2, 8 },
        { "accurate", 10, 1, 12, 4, 2, 8 },
        { "accurate", 10, 1, 8, 4, 2, 4 },
        { "eager", 10, 1, 20, 4, 2, 10 },
        { "eager", 10, 1, 12, 4, 2, 6 },
        { "default", 0, 1, 100, 0, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Strategy_CreatesTheDocumentedNumberOfJobs(string strategy, double queue, double target, int max, int running, int pending, int expected)
    {
        var spec = new ScaledJobSpec { MaxReplicaCount = max, ScalingStrategy = new ScalingStrategy { Strategy = strategy } };
        var decision = new JobScaleEngine().Decide(new JobScaleInput(spec, [Sample(0, Metric(target), queue)], running, pending, T0));

        Assert.Equal(expected, decision.JobsToCreate);
    }

    [Fact]
    public void Custom_SubtractsDeductionAndAShareOfRunningJobs()
    {
        var spec = new ScaledJobSpec
        {
            ScalingStrategy = new ScalingStrategy { Strategy = "custom", CustomScalingQueueLengthDeduction = 1, CustomScalingRunningJobPercentage = "0.5" },
        };
        var decision = new JobScaleEngine().Decide(new JobScaleInput(spec, [Sample(0, Metric(1), 10)], 4, 0, T0));

        Assert.Equal(7, decision.JobsToCreate);
    }

    [Theory]
    [InlineData("max", 5)]
    [InlineData("min", 2)]
    [InlineData("sum", 7)]
    [InlineData("avg", 4)]
    public void MultipleScalersCalculation_CombinesTriggers(string calculation, int expected)
    {
        var spec = new ScaledJobSpec { ScalingStrategy = new ScalingStrategy { MultipleScalersCalculation = calculation } };
        var decision = new JobScaleEngine().Decide(new JobScaleInput(spec, [Sample(0, Metric(1), 5), Sample(1, Metric(1), 2)], 0, 0, T0));

        Assert.Equal(expected, decision.JobsToCreate);
    }

    [Fact]
    public void EveryTriggerFailing_CreatesNothing()
    {
        var decision = new JobScaleEngine().Decide(new JobScaleInput(new ScaledJobSpec(), [TriggerSample.Failed(0, "q", Metric(1), "down")], 0, 0, T0));

        Assert.Equal(0, decision.JobsToCreate);
        Assert.Contains("failed", decision.Message, StringComparison.Ordinal);
    }
}
