namespace Autoscaler.Model;

/// <summary>
/// <c>spec.prediction</c> (Autoscaler's own key, not KEDA's): the predictive engine for one ScaledObject. It learns the
/// object's demand and may raise replicas ahead of a cold start or keep a warm minimum; it never lowers replicas
/// below what the reactive rules ask for. See docs/prediction.md.
/// </summary>
public sealed class PredictionSpec
{
    /// <summary>The mode value that turns prediction off.</summary>
    public const string ModeOff = "Off";

    /// <summary>The mode value that forecasts and reports without acting (like AWS predictive scaling's ForecastOnly).</summary>
    public const string ModePreview = "Preview";

    /// <summary>The mode value that forecasts and acts.</summary>
    public const string ModeActive = "Active";

    /// <summary><c>Off</c> (the default), <c>Preview</c> (forecast and report, replicas stay reactive) or <c>Active</c>.</summary>
    public string Mode { get; set; } = ModeOff;

    /// <summary>
    /// The quantile of the forecast demand to provision for, greater than 0.5 and less than 1. Higher means fewer
    /// cold starts and more idle replicas. The default is 0.9.
    /// </summary>
    public double Quantile { get; set; } = 0.9;

    /// <summary>
    /// How far ahead to provision: <c>auto</c> (the default: learned from the time the object's own pods take to become
    /// ready after a scale-up, 60 s until enough are seen) or a duration such as <c>45s</c> or <c>2m</c>.
    /// </summary>
    public string LeadTime { get; set; } = "auto";

    /// <summary>How much full-resolution demand history to keep and learn from, a duration from 1h to 60d. The default is <c>14d</c>.</summary>
    public string History { get; set; } = "14d";

    /// <summary>
    /// <c>auto</c> (the default: detect any period from the history), <c>none</c> (no seasonal model) or a fixed
    /// period as a duration, for example <c>24h</c> or <c>90m</c>.
    /// </summary>
    public string Seasonality { get; set; } = "auto";

    /// <summary>
    /// The cap on how far a forecast may raise replicas: at most this factor times max(reactive replicas, current
    /// replicas, 1). At least 1. The default is 2. Warm minimums for idle workloads (one replica) are not capped.
    /// </summary>
    public double MaxScaleUpFactor { get; set; } = 2;

    /// <summary>The <see cref="Demand"/> value for an amount waiting or in flight.</summary>
    public const string DemandLevel = "level";

    /// <summary>The <see cref="Demand"/> value for an arrival rate.</summary>
    public const string DemandRate = "rate";

    /// <summary>
    /// What the triggers' values are. <c>level</c> (the default): an amount waiting or in flight (queue length, lag,
    /// concurrency, pending events), which already holds the work not yet served. <c>rate</c>: arrivals per second
    /// (requests or events per second), which does not: demand above the ready replicas is then tracked as a backlog
    /// and provisioned for until it is drained.
    /// </summary>
    public string Demand { get; set; } = DemandLevel;

    /// <summary>
    /// The group this object belongs to, or null (the default) for none. ScaledObjects of one namespace with the same
    /// group (the functions or services of one application) see each other's wakes: each learns how often a
    /// sibling's wake is followed by its own demand, and after how long, and pre-warms on such a wake only when that
    /// has paid; and it learns whether it only ever wakes while its group is awake, and then drops its keep-alive while
    /// the group sleeps. A Kubernetes label value: at most 63 characters, letters, digits, '-', '_' and '.', starting
    /// and ending with a letter or digit.
    /// </summary>
    public string? Group { get; set; }
}
