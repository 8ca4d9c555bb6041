using Autoscaler.Prediction.Forecasting;
using Autoscaler.Prediction.Sparse;

namespace Autoscaler.Prediction;

/// <summary>
/// The forecast for one object at one time: what it will need over [now + lead time, now + lead time + window],
/// and whether it should be kept warm. Demand is in replica units (the metric divided by its per-replica target).
/// Also the value shown in the REST API and /metrics.
/// </summary>
public sealed record DemandForecast
{
    /// <summary>The time of the forecast.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>The chosen model; <see cref="ForecastModelKind.None"/> before there is enough history.</summary>
    public required ForecastModelKind Model { get; init; }

    /// <summary>The fitted parameters of the model in words; empty when none.</summary>
    public string ModelParameters { get; init; } = "";

    /// <summary>The detected (or configured) period; null when none.</summary>
    public TimeSpan? Period { get; init; }

    /// <summary>The chosen model's rolling-origin backtest MASE (below 1 beats the naive forecast); null when no model.</summary>
    public double? BacktestMase { get; init; }

    /// <summary>The lead time L used.</summary>
    public required TimeSpan LeadTime { get; init; }

    /// <summary>Whether L was learned from this workload's pods (true) or is the default or configured value.</summary>
    public bool LeadTimeLearned { get; init; }

    /// <summary>The window W after L.</summary>
    public required TimeSpan Window { get; init; }

    /// <summary>The quantile provisioned for.</summary>
    public required double Quantile { get; init; }

    /// <summary>The forecast per step from the next step to now + L + W.</summary>
    public IReadOnlyList<ForecastPoint> Points { get; init; } = [];

    /// <summary>The highest upper-quantile demand over [now + L, now + L + W], in replica units; null when no model.</summary>
    public double? PredictedDemand { get; init; }

    /// <summary>The probability of any demand within L + grace (from the idle-time histogram and the forecast); null when unknown.</summary>
    public double? ProbabilityOfDemand { get; init; }

    /// <summary>The warm window of the idle-time histogram.</summary>
    public required WarmWindow WarmWindow { get; init; }

    /// <summary>The warm minimum now (0 or 1) for a running object: 1 when the idle-time histogram says to stay warm, or demand within L + grace is likely enough to stay up.</summary>
    public int WarmMinimum { get; init; }

    /// <summary>
    /// The warm minimum now (0 or 1) for an object at zero: 1 when the idle-time histogram says to be warm, or demand
    /// within L + W is likely (coming up earlier than the lead time only adds idle time; the grace is for staying up).
    /// </summary>
    public int WarmMinimumFromZero { get; init; }

    /// <summary>
    /// Why the object's group (<c>spec.prediction.group</c>) holds the warm minimum: a sibling's wake that this object
    /// has learned is followed by its own demand. Null when the group does not (or there is none).
    /// </summary>
    public string? Group { get; init; }

    /// <summary>When the models were last fitted; null when never.</summary>
    public DateTimeOffset? LastRefit { get; init; }

    /// <summary>History steps held (observed or missing).</summary>
    public int HistorySteps { get; init; }

    /// <summary>How the forecast came about, in words.</summary>
    public string Reason { get; init; } = "";
}
