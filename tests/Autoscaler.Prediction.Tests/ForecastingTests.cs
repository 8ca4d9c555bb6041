using Autoscaler.Prediction.Forecasting;
using Autoscaler.Prediction.Seasonality;

namespace Autoscaler.Prediction.Tests;

public sealed class ForecastingTests
{
    [Fact]
    public void SeasonalSeries_LongHorizon_ChoosesASeasonalModel_ThatBeatsNaive()
    {
        // A horizon of a third of the period: a level-and-trend model cannot follow the cycle.
        var y = Synthetic.Sine(6000, 60, 20, 8, 1, seed: 3);
        var period = PeriodDetector.Detect(y).Period;

        var fit = ModelSelector.Fit(y, period, horizon: 20);

        Assert.Equal(60, period);
        Assert.True(fit.Model?.Kind is ForecastModelKind.HoltWinters or ForecastModelKind.SeasonalNaive, fit.Reason + " " + string.Join(", ", fit.CandidateMase));
        Assert.True(fit.Mase < 1, fit.Reason);
    }

    [Fact]
    public void SlowSeasonalSeries_ShortHorizon_PicksTheLowestBacktestError()
    {
        var y = Synthetic.Sine(6000, 420, 20, 8, 1, seed: 3);
        var period = PeriodDetector.Detect(y).Period;

        var fit = ModelSelector.Fit(y, period, horizon: 6);

        Assert.InRange(period!.Value, 419, 421);
        Assert.Equal(fit.CandidateMase.MinBy(c => c.Value).Key, fit.Model!.Kind);
        Assert.True(fit.Mase < 0.9, fit.Reason);
    }

    [Fact]
    public void NoisySeasonalSeries_PrefersHoltWinters_OverSeasonalNaive()
    {
        // With heavy noise the last cycle is a noisy copy; smoothing over cycles (Holt-Winters) must win, and a short
        // period moves faster than a level-and-trend model can follow.
        var y = Synthetic.Sine(8000, 24, 50, 10, 6, seed: 9);

        var fit = ModelSelector.Fit(y, 24, horizon: 5);

        Assert.Equal(ForecastModelKind.HoltWinters, fit.Model?.Kind);
        Assert.True(fit.CandidateMase[ForecastModelKind.HoltWinters] < fit.CandidateMase[ForecastModelKind.SeasonalNaive], fit.Reason);
    }

    [Fact]
    public void TrendWithoutPeriod_ChoosesTheTrendModel()
    {
        var y = Synthetic.Sine(3000, 1e9, 10, 0, 0.5, seed: 4, trendPerStep: 0.02);
        var period = PeriodDetector.Detect(y).Period;

        var fit = ModelSelector.Fit(y, period, horizon: 5);

        Assert.Null(period);
        Assert.Equal(ForecastModelKind.DampedTrend, fit.Model?.Kind);
        var forecast = new double[5];
        fit.Model!.Forecast(forecast);
        Assert.InRange(forecast[4], y[^1] - 3, y[^1] + 3);
    }

    [Fact]
    public void TooLittleHistory_HasNoModel()
    {
        var fit = ModelSelector.Fit(new double[20], null, 5);

        Assert.Null(fit.Model);
        Assert.Contains("too little history", fit.Reason);
    }

    [Fact]
    public void MissingSteps_DoNotDragTheForecastToZero()
    {
        var y = Synthetic.Sine(4000, 200, 30, 5, 0.5, seed: 2);
        for (var i = 3900; i < 3990; i++)
        {
            y[i] = double.NaN; // the last 90 steps before the end are an outage, except the final 10
        }

        var fit = ModelSelector.Fit(y, 200, 3);
        var forecast = new double[3];
        fit.Model!.Forecast(forecast);

        Assert.All(forecast, f => Assert.InRange(f, 15, 45));
    }
}
