namespace Autoscaler.Prediction.Forecasting;

/// <summary>The value one period ago (the last observed value at that phase, when a step was missing).</summary>
internal sealed class SeasonalNaiveModel : IForecastModel
{
    private readonly double[] _cycle;
    private int _phase;

    public SeasonalNaiveModel(int period) => _cycle = new double[period];

    private SeasonalNaiveModel(double[] cycle, int phase)
    {
        _cycle = (double[])cycle.Clone();
        _phase = phase;
    }

    public ForecastModelKind Kind => ForecastModelKind.SeasonalNaive;

    public string Parameters => $"period {_cycle.Length}";

    public int Bytes => (_cycle.Length * sizeof(double)) + 32;

    public static SeasonalNaiveModel Fit(ReadOnlySpan<double> y, int period)
    {
        var model = new SeasonalNaiveModel(period);
        var filled = Seasonality.PeriodDetector.Interpolate(y, out _);
        foreach (var v in filled)
        {
            model.Update(v);
        }

        return model;
    }

    public void Update(double value)
    {
        if (!double.IsNaN(value))
        {
            _cycle[_phase] = value;
        }

        _phase = (_phase + 1) % _cycle.Length;
    }

    public void Forecast(Span<double> output)
    {
        for (var h = 0; h < output.Length; h++)
        {
            output[h] = _cycle[(_phase + h) % _cycle.Length];
        }
    }

    public IForecastModel Copy() => new SeasonalNaiveModel(_cycle, _phase);
}
