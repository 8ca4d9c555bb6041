using System.Globalization;

namespace Autoscaler.Prediction.Forecasting;

/// <summary>Holt's linear method with a damped trend (Gardner and McKenzie): α, β, φ fitted by Nelder-Mead on the one-step squared error.</summary>
internal sealed class DampedTrendModel : IForecastModel
{
    private readonly double _alpha;
    private readonly double _beta;
    private readonly double _phi;
    private double _level;
    private double _trend;

    private DampedTrendModel(double alpha, double beta, double phi, double level, double trend)
    {
        _alpha = alpha;
        _beta = beta;
        _phi = phi;
        _level = level;
        _trend = trend;
    }

    public ForecastModelKind Kind => ForecastModelKind.DampedTrend;

    public string Parameters => string.Create(CultureInfo.InvariantCulture, $"α {_alpha:0.###}, β {_beta:0.###}, φ {_phi:0.###}");

    public int Bytes => 64;

    public static DampedTrendModel Fit(ReadOnlySpan<double> y)
    {
        var data = y.ToArray();
        var first = Array.FindIndex(data, v => !double.IsNaN(v));
        var level = first < 0 ? 0 : data[first];
        double Sse(double[] p)
        {
            var model = new DampedTrendModel(p[0], p[1], 0.8 + (0.19 * p[2]), level, 0);
            return model.Run(data);
        }

        var best = ParameterFit.Minimize(Sse, [0.5, 0.05, 0.5], [0.999, 0.5, 0.999]);
        var fitted = new DampedTrendModel(best[0], best[1], 0.8 + (0.19 * best[2]), level, 0);
        fitted.Run(data);
        return fitted;
    }

    public void Update(double value)
    {
        var previous = _level;
        if (double.IsNaN(value))
        {
            _level += _phi * _trend;
            _trend *= _phi;
            return;
        }

        _level = (_alpha * value) + ((1 - _alpha) * (_level + (_phi * _trend)));
        _trend = (_beta * (_level - previous)) + ((1 - _beta) * _phi * _trend);
    }

    public void Forecast(Span<double> output)
    {
        var damped = 0.0;
        var factor = 1.0;
        for (var h = 0; h < output.Length; h++)
        {
            factor *= _phi;
            damped += factor;
            output[h] = _level + (damped * _trend);
        }
    }

    public IForecastModel Copy() => new DampedTrendModel(_alpha, _beta, _phi, _level, _trend);

    private double Run(double[] y)
    {
        double sse = 0;
        foreach (var v in y)
        {
            if (!double.IsNaN(v))
            {
                var e = v - (_level + (_phi * _trend));
                sse += e * e;
            }

            Update(v);
        }

        return sse;
    }
}
