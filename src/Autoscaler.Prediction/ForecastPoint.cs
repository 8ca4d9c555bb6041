namespace Autoscaler.Prediction;

/// <summary>The forecast demand of one step, in replica units.</summary>
/// <param name="Time">The start of the step.</param>
/// <param name="Expected">The point forecast.</param>
/// <param name="Upper">The upper bound at the configured quantile (point forecast + that quantile of the backtest errors at this horizon).</param>
public sealed record ForecastPoint(DateTimeOffset Time, double Expected, double Upper);
