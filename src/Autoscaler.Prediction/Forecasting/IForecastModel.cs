namespace Autoscaler.Prediction.Forecasting;

/// <summary>A fitted forecasting model with its state: cheap to update one step, cheap to forecast a few steps.</summary>
internal interface IForecastModel
{
    ForecastModelKind Kind { get; }

    /// <summary>The fitted parameters in words (for reports).</summary>
    string Parameters { get; }

    /// <summary>Moves the state one step with the observed value (NaN = missing: the state advances on its own forecast).</summary>
    void Update(double value);

    /// <summary>Forecasts steps 1..output.Length after the last update.</summary>
    void Forecast(Span<double> output);

    /// <summary>An independent copy of the model and its state.</summary>
    IForecastModel Copy();

    /// <summary>Bytes held (for the memory budget).</summary>
    int Bytes { get; }
}
