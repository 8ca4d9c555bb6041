namespace Autoscaler.Runtime.Status;

/// <summary>What the predictor of one ScaledObject knows and did at its last decision (<c>status.prediction</c> in the REST API).</summary>
public sealed record PredictionStatus
{
    /// <summary><c>Preview</c> or <c>Active</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>The chosen model (<c>None</c> until enough history, then SeasonalNaive, HoltWinters or DampedTrend).</summary>
    public required string Model { get; init; }

    /// <summary>The model's fitted parameters in words.</summary>
    public string ModelParameters { get; init; } = "";

    /// <summary>The detected (or configured) period, in seconds; null when none.</summary>
    public double? PeriodSeconds { get; init; }

    /// <summary>The chosen model's rolling-origin backtest MASE (below 1 beats the naive forecast); null before the first fit.</summary>
    public double? BacktestMase { get; init; }

    /// <summary>The lead time L in use, in seconds.</summary>
    public double LeadTimeSeconds { get; init; }

    /// <summary>Whether L was learned from this object's own pods' time-to-ready.</summary>
    public bool LeadTimeLearned { get; init; }

    /// <summary>The window W after L, in seconds.</summary>
    public double WindowSeconds { get; init; }

    /// <summary>The quantile provisioned for.</summary>
    public double Quantile { get; init; }

    /// <summary>The upper-quantile demand forecast over [now + L, now + L + W], in replicas; null before the first fit.</summary>
    public double? PredictedDemand { get; init; }

    /// <summary>The replicas the forecast alone asks for (after the cap); null before the first fit.</summary>
    public int? PredictiveReplicas { get; init; }

    /// <summary>The warm minimum (0 or 1) from the idle-time histogram and the probability of demand.</summary>
    public int WarmMinimum { get; init; }

    /// <summary>The probability of demand within L + grace; null when unknown.</summary>
    public double? ProbabilityOfDemand { get; init; }

    /// <summary>Whether the current replicas come from the forecast (above what the reactive rules want). Always false in Preview.</summary>
    public bool ReplicasFromForecast { get; init; }

    /// <summary>What the reactive rules alone asked for.</summary>
    public int ReactiveReplicas { get; init; }

    /// <summary>History steps held.</summary>
    public int HistorySteps { get; init; }

    /// <summary>When the models were last fitted.</summary>
    public DateTimeOffset? LastRefit { get; init; }

    /// <summary>The forecast per history step up to now + L + W: start, expected demand and upper-quantile demand (replicas).</summary>
    public IReadOnlyList<PredictionPoint> Forecast { get; init; } = [];

    /// <summary>How the forecast came about and how it was combined, in words.</summary>
    public string Message { get; init; } = "";
}
