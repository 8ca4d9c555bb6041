using Autoscaler.Prediction.Sparse;

namespace Autoscaler.Prediction.Tests;

/// <summary>The idle-time histogram's keep-alive and pre-warm, from the first idle period on.</summary>
public sealed class KeepAliveTests
{
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(5);

    private static IdleTimeHistogram With(params double[] minutes)
    {
        var histogram = new IdleTimeHistogram();
        foreach (var m in minutes)
        {
            histogram.Record(TimeSpan.FromMinutes(m));
        }

        return histogram;
    }

    [Fact]
    public void BeforeAnyIdlePeriod_ThePriorKeepAliveHolds_WithoutPreWarm()
    {
        var window = new IdleTimeHistogram().Window(Lead);

        Assert.Equal(WarmWindowPolicy.KeepAlive, window.Policy);
        Assert.Equal(IdleTimeHistogram.PriorKeepAlive, window.KeepAliveUntil);
        Assert.True(window.IsWarm(TimeSpan.Zero));
        Assert.False(window.IsWarm(IdleTimeHistogram.PriorKeepAlive));
    }

    [Fact]
    public void FewIdlePeriods_KeepAliveIsTheUpperBoundOfTheNextIdleTime_WideFirstAndTighteningAsTheySettle()
    {
        // Exponential model, posterior predictive: P(next > t) = (1 + t / S)^-n; the 1 % bound is S (0.01^(-1/n) - 1).
        var four = With(4, 2, 2, 2).Window(Lead);
        var one = With(2).Window(Lead);

        Assert.Equal(WarmWindowPolicy.KeepAlive, four.Policy);
        Assert.InRange(four.KeepAliveUntil.TotalMinutes, 21.5, 21.7);
        Assert.Equal(TimeSpan.Zero, four.PreWarm);
        Assert.InRange(one.KeepAliveUntil.TotalMinutes, 197, 199);
        Assert.True(four.IsWarm(TimeSpan.FromMinutes(16)), "an idle time four times the usual is still covered");
        Assert.False(four.IsWarm(TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void UntilTheTailPercentileIsReadable_TheKeepAliveIsAtLeastTheBoundOfTheIdleTimesInRange()
    {
        // 5 idle periods: percentiles are used, but the 99th of five values is their maximum (16 min, 17.6 with the
        // margin); the exponential bound over them (S = 26, n = 5) is 26 (100^(1/5) - 1) = 39.3 min.
        var five = With(4, 2, 2, 2, 16).Window(Lead);
        var withALongOne = With(4, 2, 2, 2, 16, 558).Window(Lead);
        var many = With([.. Enumerable.Repeat(10.5, IdleTimeHistogram.MinPreWarmSamples)]).Window(Lead);

        Assert.Equal(WarmWindowPolicy.Histogram, five.Policy);
        Assert.InRange(five.KeepAliveUntil.TotalMinutes, 39, 39.6);
        Assert.Equal(five.KeepAliveUntil, withALongOne.KeepAliveUntil);
        // From 20 idle periods on the 99th percentile (+10 %) decides, though the bound (S (100^(1/20) - 1) = 54 min) is wider.
        Assert.InRange(many.KeepAliveUntil.TotalMinutes, 11, 12.2);
    }

    [Fact]
    public void PreWarm_WaitsUntilTheFifthPercentileIsEstimable()
    {
        var early = With([.. Enumerable.Repeat(5.5, IdleTimeHistogram.MinPreWarmSamples - 1)]).Window(Lead);
        var later = With([.. Enumerable.Repeat(5.5, IdleTimeHistogram.MinPreWarmSamples)]).Window(Lead);

        Assert.Equal(WarmWindowPolicy.Histogram, early.Policy);
        Assert.Equal(TimeSpan.Zero, early.PreWarm);
        Assert.Equal(WarmWindowPolicy.Histogram, later.Policy);
        Assert.InRange(later.PreWarm.TotalMinutes, 4, 5);
        Assert.False(later.IsWarm(TimeSpan.FromMinutes(2)));
        Assert.True(later.IsWarm(TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void SpreadOutIdleTimes_KeepWarmToTheirTail_WithoutPreWarm()
    {
        var window = With([.. Enumerable.Range(1, 200).Select(i => (double)i)]).Window(Lead);

        Assert.Equal(WarmWindowPolicy.KeepAlive, window.Policy);
        Assert.Equal(TimeSpan.Zero, window.PreWarm);
        Assert.InRange(window.KeepAliveUntil.TotalMinutes, 200, 225);
    }

    [Fact]
    public void FewIdlePeriods_TheProbabilityOfActivityFallsTheLongerItHasBeenIdle()
    {
        var histogram = With(4, 2, 2, 2);

        var soon = histogram.ProbabilityOfActivity(TimeSpan.Zero, TimeSpan.FromMinutes(1));
        var late = histogram.ProbabilityOfActivity(TimeSpan.FromHours(2), TimeSpan.FromMinutes(1));

        Assert.Null(new IdleTimeHistogram().ProbabilityOfActivity(TimeSpan.Zero, TimeSpan.FromMinutes(1)));
        Assert.InRange(soon!.Value, 0.2, 0.5);
        Assert.True(late < 0.05, $"{late}");
    }
}
