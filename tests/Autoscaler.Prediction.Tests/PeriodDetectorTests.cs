using Autoscaler.Prediction.Seasonality;

namespace Autoscaler.Prediction.Tests;

public sealed class PeriodDetectorTests
{
    [Theory]
    [InlineData(0, 1440.0)]
    [InlineData(1, 1440.0)]
    [InlineData(2, 10080.0)]
    [InlineData(3, null)]
    public void CraneDsp_FindsTheKnownPeriod(int input, double? expected)
    {
        var series = Traces.Crane(input);
        if (series is null)
        {
            return;
        }

        var found = PeriodDetector.Detect(series);

        if (expected is { } period)
        {
            Assert.True(found.PeriodSteps is { } p && Math.Abs(p - period) <= 0.02 * period, $"expected {period}, got {found}");
        }
        else
        {
            Assert.True(found.PeriodSteps is null, $"expected no period, got {found}");
        }
    }
}

public sealed class PeriodDetectorSyntheticTests
{
    [Theory]
    [InlineData(420.0, 20160, 1.0)] // 7 h at one minute, two weeks
    [InlineData(90.0, 5000, 1.0)] // 90 min at one minute
    [InlineData(540.0, 12000, 3.0)] // 9 h (3 × 3 h steps of 10 min... at 1 min) with heavy noise
    [InlineData(37.5, 3000, 0.5)] // a fractional period in steps
    [InlineData(2880.0, 20160, 2.0)] // two days
    public void Sine_WithNoise_FindsThePeriod(double period, int length, double noise)
    {
        var series = Synthetic.Sine(length, period, 10, 3, noise, seed: (int)period);

        var found = PeriodDetector.Detect(series);

        Assert.True(found.PeriodSteps is { } p && Math.Abs(p - period) <= Math.Max(1, 0.02 * period), $"expected {period}, got {found}");
    }

    [Theory]
    [InlineData(90, 3, 7000)]
    [InlineData(420, 10, 20160)]
    [InlineData(60, 1, 5000)]
    public void Bursts_FindsTheFundamental_NotAHarmonic(int period, int width, int length)
    {
        var series = Synthetic.Bursts(length, period, width, 20, 1, seed: period);

        var found = PeriodDetector.Detect(series);

        Assert.True(found.PeriodSteps is { } p && Math.Abs(p - period) <= Math.Max(1, 0.02 * period), $"expected {period}, got {found}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void WhiteNoiseAndRandomWalks_HaveNoPeriod(int seed)
    {
        var random = new Random(seed);
        var noise = Enumerable.Range(0, 10000).Select(_ => 10 + Synthetic.Gaussian(random)).ToArray();
        var walk = Synthetic.RandomWalk(10000, 50, 1, seed);

        var forNoise = PeriodDetector.Detect(noise);
        var forWalk = PeriodDetector.Detect(walk);

        Assert.True(forNoise.PeriodSteps is null, $"white noise: {forNoise}");
        Assert.True(forWalk.PeriodSteps is null, $"random walk: {forWalk}");
    }

    [Fact]
    public void Gaps_AreBridged_NotReadAsZeroDemand()
    {
        var series = Synthetic.Sine(10000, 300, 10, 3, 0.5, seed: 5);
        for (var i = 2000; i < 2600; i++)
        {
            series[i] = double.NaN; // a 10-hour outage
        }

        var found = PeriodDetector.Detect(series);

        Assert.True(found.PeriodSteps is { } p && Math.Abs(p - 300) <= 6, $"expected 300, got {found}");
    }

    [Fact]
    public void TooShort_IsNoPeriod_WithAReason()
    {
        var found = PeriodDetector.Detect(new double[10]);

        Assert.Null(found.PeriodSteps);
        Assert.Contains("too little", found.Reason);
    }

    [Fact]
    public void Nasa_IsDaily()
    {
        var series = Traces.Nasa();
        if (series is null)
        {
            return;
        }

        var twoWeeks = series.AsSpan(0, 20160);
        var found = PeriodDetector.Detect(twoWeeks);

        Assert.True(found.PeriodSteps is { } p && Math.Abs(p - 1440) <= 30, $"expected 1440, got {found}");
    }
}
