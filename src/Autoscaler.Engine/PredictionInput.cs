using Autoscaler.Prediction;

namespace Autoscaler.Engine;

/// <summary>
/// The forecast the engine combines with the reactive answer: computed outside the engine (by the object's
/// <see cref="WorkloadPredictor"/>, which sees only the past), passed in so that the engine stays pure.
/// </summary>
/// <param name="Forecast">The forecast at the decision's time.</param>
/// <param name="Options">The predictor's options (mode, scale-up cap, scale-to-zero threshold).</param>
public sealed record PredictionInput(DemandForecast Forecast, PredictorOptions Options);
