namespace Autoscaler.Prediction.Forecasting;

/// <summary>The outcome of a refit: the chosen model with its state at the end of the history, and its backtest.</summary>
internal sealed record ModelFit(
    IForecastModel? Model,
    int? Period,
    double? Mase,
    IReadOnlyDictionary<ForecastModelKind, double> CandidateMase,
    ResidualDistribution? Residuals,
    string Reason);
