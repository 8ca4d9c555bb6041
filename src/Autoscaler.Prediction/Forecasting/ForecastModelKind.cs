namespace Autoscaler.Prediction.Forecasting;

/// <summary>The forecasting model chosen for a workload.</summary>
public enum ForecastModelKind
{
    /// <summary>No model yet (too little history): the engine acts reactively.</summary>
    None,

    /// <summary>Seasonal naive: the value one period ago.</summary>
    SeasonalNaive,

    /// <summary>Additive Holt-Winters (level, damped trend, seasonal) with α, β, γ fitted by minimising the one-step squared error.</summary>
    HoltWinters,

    /// <summary>Holt's linear method with a damped trend, for series without a period.</summary>
    DampedTrend,
}
