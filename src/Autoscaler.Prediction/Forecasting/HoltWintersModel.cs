using System.Globalization;

namespace Autoscaler.Prediction.Forecasting;

/// <summary>
/// Additive Holt-Winters with a damped trend: level, trend and one seasonal term per phase. α, β, γ are fitted by
/// Nelder-Mead on the one-step sum of squared errors (<see cref="ParameterFit"/>); φ (trend damping) is fixed at 0.98
/// so that a short-lived slope is not extrapolated far.
/// </summary>
internal sealed class HoltWintersModel : IForecastModel
{
    private const double Phi = 0.98;
    private readonly double _alpha;
    private readonly double _beta;
    private readonly double _gamma;
    private readonly double[] _season;
    private double _level;
    private double _trend;
    private int _phase;

    private HoltWintersModel(double alpha, double beta, double gamma, double level, double trend, double[] season, int phase)
    {
        _alpha = alpha;
        _beta = beta;
        _gamma = gamma;
        _level = level;
        _trend = trend;
        _season = season;
        _phase = phase;
    }

    public ForecastModelKind Kind => ForecastModelKind.HoltWinters;

    public string Parameters => string.Create(CultureInfo.InvariantCulture, $"period {_season.Length}, α {_alpha:0.###}, β {_beta:0.###}, γ {_gamma:0.###}");

    public int Bytes => (_season.Length * sizeof(double)) + 64;

    /// <summary>Fits α, β, γ on <paramref name="y"/> (at least one full period plus a little) and returns the model with its state at the end of y.</summary>
    public static HoltWintersModel Fit(ReadOnlySpan<double> y, int period)
    {
        var filled = Seasonality.PeriodDetector.Interpolate(y, out _);
        var (level, trend, season) = Initial(filled, period);
        var data = y.ToArray();
        double Sse(double[] p)
        {
            var model = new HoltWintersModel(p[0], p[1], p[2], level, trend, (double[])season.Clone(), 0);
            return model.Run(data);
        }

        var best = ParameterFit.Minimize(Sse, [0.3, 0.01, 0.2], [0.999, 0.3, 0.999]);
        var fitted = new HoltWintersModel(best[0], best[1], best[2], level, trend, season, 0);
        fitted.Run(data);
        return fitted;
    }

    public void Update(double value)
    {
        var seasonal = _season[_phase];
        var previous = _level;
        if (double.IsNaN(value))
        {
            _level += Phi * _trend;
            _trend *= Phi;
        }
        else
        {
            _level = (_alpha * (value - seasonal)) + ((1 - _alpha) * (_level + (Phi * _trend)));
            _trend = (_beta * (_level - previous)) + ((1 - _beta) * Phi * _trend);
            _season[_phase] = (_gamma * (value - _level)) + ((1 - _gamma) * seasonal);
        }

        _phase = (_phase + 1) % _season.Length;
    }

    public void Forecast(Span<double> output)
    {
        var damped = 0.0;
        var factor = 1.0;
        for (var h = 0; h < output.Length; h++)
        {
            factor *= Phi;
            damped += factor;
            output[h] = _level + (damped * _trend) + _season[(_phase + h) % _season.Length];
        }
    }

    public IForecastModel Copy() => new HoltWintersModel(_alpha, _beta, _gamma, _level, _trend, (double[])_season.Clone(), _phase);

    /// <summary>Runs the filter over y; returns the one-step sum of squared errors.</summary>
    private double Run(double[] y)
    {
        double sse = 0;
        for (var t = 0; t < y.Length; t++)
        {
            var v = y[t];
            if (!double.IsNaN(v))
            {
                var e = v - (_level + (Phi * _trend) + _season[_phase]);
                sse += e * e;
            }

            Update(v);
        }

        return sse;
    }

    /// <summary>Classical initial state: level and trend from the first one or two cycles' means, seasonals as the mean deviation per phase.</summary>
    private static (double Level, double Trend, double[] Season) Initial(double[] y, int period)
    {
        var cycles = Math.Max(1, Math.Min(y.Length / period, 4));
        var means = new double[cycles];
        for (var c = 0; c < cycles; c++)
        {
            means[c] = y.AsSpan(c * period, Math.Min(period, y.Length - (c * period))).ToArray().Average();
        }

        var trend = cycles >= 2 ? (means[cycles - 1] - means[0]) / ((cycles - 1) * period) : 0;
        var season = new double[period];
        for (var i = 0; i < period; i++)
        {
            double sum = 0;
            for (var c = 0; c < cycles; c++)
            {
                sum += y[(c * period) + i] - (means[c] + (trend * (i - ((period - 1) / 2.0))));
            }

            season[i] = sum / cycles;
        }

        var level = means[0] - (trend * ((period + 1) / 2.0));
        return (level, trend, season);
    }
}
