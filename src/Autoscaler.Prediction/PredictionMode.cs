namespace Autoscaler.Prediction;

/// <summary>What the predictive engine may do (<c>spec.prediction.mode</c>).</summary>
public enum PredictionMode
{
    /// <summary>Nothing: no history, no forecast.</summary>
    Off,

    /// <summary>Learn, forecast and report; the replicas stay what the reactive rules say.</summary>
    Preview,

    /// <summary>Learn, forecast, report and raise replicas when the forecast asks for more.</summary>
    Active,
}
