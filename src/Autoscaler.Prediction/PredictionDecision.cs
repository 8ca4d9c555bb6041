namespace Autoscaler.Prediction;

/// <summary>The replicas after combining the reactive answer with the forecast, and why.</summary>
/// <param name="Replicas">The replica count: never below the reactive answer.</param>
/// <param name="Reactive">What the reactive rules asked for.</param>
/// <param name="Predictive">What the forecast alone asks for (after the cap); null when there is no forecast.</param>
/// <param name="WarmMinimum">The warm minimum (0 or 1).</param>
/// <param name="FromForecast">Whether the replicas come from the forecast or the warm minimum (that is, are above the reactive answer).</param>
/// <param name="Message">The reason in words.</param>
/// <param name="Forecast">The forecast it was based on.</param>
public sealed record PredictionDecision(int Replicas, int Reactive, int? Predictive, int WarmMinimum, bool FromForecast, string Message, DemandForecast Forecast);
