using Autoscaler.Prediction.Forecasting;

namespace Autoscaler.Prediction.Tests;

/// <summary>How the prediction intervals follow the workload: level bands of the residuals, and the nowcast's learned spread.</summary>
public sealed class IntervalTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Residuals_WhoseSpreadGrowsWithTheLevel_AreReadPerLevel()
    {
        // Errors like an arrival count's: their spread grows with the level forecast (sd = sqrt(level)).
        var random = new Random(11);
        var errors = new List<double>();
        var levels = new List<double>();
        for (var i = 0; i < 4000; i++)
        {
            var level = 1 + (99 * random.NextDouble());
            levels.Add(level);
            errors.Add(Math.Sqrt(level) * Gaussian(random));
        }

        var banded = ResidualDistribution.From([errors], [levels]);
        var pooled = ResidualDistribution.From([errors]);

        Assert.True(banded.BandCount >= 2, $"{banded.BandCount}");
        var low = banded.Quantile(1, 0.9, 5);
        var high = banded.Quantile(1, 0.9, 95);
        var all = pooled.Quantile(1, 0.9);
        // sd 2.2 at level 5, 9.7 at 95: the q0.9 (1.28 sd) is about 2.9 and 12.5; pooled, about 9.
        Assert.True(low < 0.6 * all, $"low {low} vs pooled {all}");
        Assert.True(high > 1.2 * all, $"high {high} vs pooled {all}");
        Assert.Equal(all, banded.Quantile(1, 0.9)); // the level-free read is unchanged
    }

    [Fact]
    public void Residuals_WhoseSpreadDoesNotDependOnTheLevel_GiveTheSameIntervalAtEveryLevel()
    {
        var random = new Random(5);
        var errors = new List<double>();
        var levels = new List<double>();
        for (var i = 0; i < 4000; i++)
        {
            levels.Add(100 * random.NextDouble());
            errors.Add(3 * Gaussian(random));
        }

        var banded = ResidualDistribution.From([errors], [levels]);
        var all = ResidualDistribution.From([errors]).Quantile(1, 0.9);

        Assert.InRange(banded.Quantile(1, 0.9, 5), 0.8 * all, 1.2 * all);
        Assert.InRange(banded.Quantile(1, 0.9, 95), 0.8 * all, 1.2 * all);
    }

    [Fact]
    public void Residuals_TooFewToSplit_AreOneDistribution()
    {
        var errors = Enumerable.Range(0, ResidualDistribution.MinBandSamples + 10).Select(i => (double)(i % 17)).ToList();
        var levels = Enumerable.Range(0, errors.Count).Select(i => (double)i).ToList();

        var banded = ResidualDistribution.From([errors], [levels]);

        Assert.Equal(1, banded.BandCount);
        Assert.Equal(banded.Quantile(1, 0.9), banded.Quantile(1, 0.9, 3));
    }

    [Fact]
    public void Nowcast_StepsThatEndAsTheyStart_TrustThePartialMean_StepsThatRiseLate_DoNot()
    {
        // Steady steps: every sample of a step is the same (random from step to step).
        var random = new Random(3);
        var steady = new NowcastError();
        Feed(steady, 200, step => { var v = 1 + (20 * random.NextDouble()); return _ => v; });
        // Late risers: the last third of every step is twice the first two thirds.
        var rising = new NowcastError();
        Feed(rising, 200, step => { var v = 1 + (20 * random.NextDouble()); return t => t < 40 ? v : 2 * v; });

        // An open step 10 s in with a mean of 10 so far.
        steady.Observe(1000, 10 / 60.0, 10);
        rising.Observe(1000, 10 / 60.0, 10);
        steady.Refresh();
        rising.Refresh();

        Assert.True(steady.IsReady);
        Assert.Equal(10, steady.Upper(1000, 0.9)!.Value, 6);
        // A late riser ends at (40 × v + 20 × 2v) / 60 = 4/3 of what its first part shows.
        Assert.True(rising.Upper(1000, 0.9) >= 13, $"{rising.Upper(1000, 0.9)}");
        Assert.Null(steady.Upper(1001, 0.9)); // not the step observed last
    }

    [Fact]
    public void Nowcast_IsNotTrustedBeforeEnoughStepsAreSeen()
    {
        var nowcast = new NowcastError();
        Feed(nowcast, NowcastError.MinSteps - 2, _ => _ => 5);
        nowcast.Refresh();

        Assert.False(nowcast.IsReady);
        Assert.Null(nowcast.Upper(NowcastError.MinSteps - 2, 0.9));
    }

    [Fact]
    public void Predictor_ASteadyStepSeenInPart_IsNotProvisionedForTheModelsWholeInterval()
    {
        // Minutes of random level (a wide model interval), each steady within the minute, sampled every 10 s.
        static WorkloadPredictor Run(bool nowcast)
        {
            var random = new Random(9);
            var p = new WorkloadPredictor(new PredictorOptions { FixedLeadTime = TimeSpan.FromSeconds(4), Window = TimeSpan.FromSeconds(2), Nowcast = nowcast });
            for (var m = 0; m < 6 * 60; m++)
            {
                var level = 5 + (30 * random.NextDouble());
                for (var s = 0; s < 6; s++)
                {
                    p.Observe(T0.AddMinutes(m).AddSeconds(10 * s), level);
                }
            }

            p.Refit(T0.AddHours(6));
            return p;
        }

        var with = Run(nowcast: true);
        var without = Run(nowcast: false);
        var now = T0.AddHours(6).AddSeconds(20);
        with.Observe(now, 12);
        without.Observe(now, 12);

        // With the nowcast: the step's 12 so far (its steps end as they start), under the model's expectation for
        // the step (about the mean level, 20), which stays. Without: the model's whole upper interval (about 33).
        var known = with.Forecast(now).PredictedDemand!.Value;
        var unknown = without.Forecast(now).PredictedDemand!.Value;
        Assert.InRange(known, 12, 24);
        Assert.True(unknown > known + 6, $"{unknown} vs {known}");
    }

    private static void Feed(NowcastError nowcast, int steps, Func<int, Func<int, double>> perSecond)
    {
        for (var step = 0; step < steps; step++)
        {
            var demand = perSecond(step);
            double sum = 0;
            for (var s = 0; s < 60; s += 10)
            {
                // A 10-second sample: the mean of its seconds.
                double sample = 0;
                for (var t = s; t < s + 10; t++)
                {
                    sample += demand(t) / 10;
                }

                sum += sample;
                nowcast.Observe(step, s / 60.0, sum / ((s / 10) + 1));
            }
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
