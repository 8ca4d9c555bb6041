using Autoscaler.Model;
using Autoscaler.Scaling;

namespace Autoscaler.Prediction;

/// <summary>The settings of one object's predictor, usually made from <c>spec.prediction</c> by <see cref="FromSpec"/>.</summary>
public sealed record PredictorOptions
{
    /// <summary>The mode. The default is <see cref="PredictionMode.Active"/> (a predictor is only made when the spec asks for one).</summary>
    public PredictionMode Mode { get; init; } = PredictionMode.Active;

    /// <summary>The history step: 10 to 60 s. The default is 60 s.</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Full-resolution history kept. The default is 14 days.</summary>
    public TimeSpan History { get; init; } = TimeSpan.FromDays(14);

    /// <summary>The quantile of demand provisioned for. The default is 0.9.</summary>
    public double Quantile { get; init; } = 0.9;

    /// <summary>A fixed lead time, or null (the default) to learn it from time-to-ready samples.</summary>
    public TimeSpan? FixedLeadTime { get; init; }

    /// <summary>The lead time until enough time-to-ready samples are seen. The default is 60 s.</summary>
    public TimeSpan DefaultLeadTime { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// W: the window after the lead time to provision for; the next decision takes over after it. The default is
    /// 30 s (KEDA's default polling interval); <see cref="FromSpec"/> uses the object's polling interval.
    /// </summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Seasonality: null (the default) detects it; <see cref="TimeSpan.Zero"/> means none; otherwise a fixed period.</summary>
    public TimeSpan? Seasonality { get; init; }

    /// <summary>The cap: a forecast raises replicas to at most this factor × max(reactive, current, 1). The default is 2.</summary>
    public double MaxScaleUpFactor { get; init; } = 2;

    /// <summary>
    /// Whether the demand seen so far in the current step raises the forecast of a window that starts in that step,
    /// and, once the workload has shown how its steps end after the same share of their time (<c>NowcastError</c>),
    /// replaces the model's interval for that step. The default is true.
    /// </summary>
    public bool Nowcast { get; init; } = true;

    /// <summary>
    /// Whether a window that reaches past the step being recorded is raised by the workload's learned step-to-step
    /// rise (the quantile, at <see cref="Quantile"/>, of each step's demand over what the decisions before it
    /// provisioned for it: 1 while the forecast's interval covers the steps as often as asked). The default is true.
    /// </summary>
    public bool StepRise { get; init; } = true;

    /// <summary>
    /// Whether work not yet served (demand above the ready replicas, when the caller reports them) raises the
    /// provisioned demand so that it is drained by the end of the step. The default is true; from a spec it is true
    /// when <c>spec.prediction.demand</c> is <c>rate</c> (a level already holds the unserved work).
    /// </summary>
    public bool DrainBacklog { get; init; } = true;

    /// <summary>How often the models are refitted (period detection, parameters, backtest). The default is 1 hour.</summary>
    public TimeSpan RefitInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Scale to zero only when the probability of demand within lead time + <see cref="ScaleToZeroGrace"/> is below
    /// this. The default is 0.05.
    /// </summary>
    public double ScaleToZeroThreshold { get; init; } = 0.05;

    /// <summary>The grace added to the lead time when judging a scale to zero. The default is 60 s.</summary>
    public TimeSpan ScaleToZeroGrace { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The object's group (<c>spec.prediction.group</c>): its members see each other's wakes. The default is null (none).</summary>
    public string? Group { get; init; }

    /// <summary>Options from a validated spec. The step is the polling interval clamped to 10..60 s.</summary>
    public static PredictorOptions FromSpec(PredictionSpec spec, int pollingIntervalSeconds)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var step = TimeSpan.FromSeconds(Math.Clamp(pollingIntervalSeconds, 10, 60));
        return new PredictorOptions
        {
            Mode = spec.Mode switch
            {
                PredictionSpec.ModeActive => PredictionMode.Active,
                PredictionSpec.ModePreview => PredictionMode.Preview,
                _ => PredictionMode.Off,
            },
            Step = step,
            History = DurationParser.TryParse(spec.History, out var history) ? history : TimeSpan.FromDays(14),
            Quantile = spec.Quantile,
            FixedLeadTime = spec.LeadTime == "auto" ? null : DurationParser.TryParse(spec.LeadTime, out var lead) ? lead : null,
            Window = TimeSpan.FromSeconds(Math.Max(pollingIntervalSeconds, 1)),
            Seasonality = spec.Seasonality switch
            {
                "auto" => null,
                "none" => TimeSpan.Zero,
                _ => DurationParser.TryParse(spec.Seasonality, out var period) ? period : null,
            },
            MaxScaleUpFactor = spec.MaxScaleUpFactor,
            DrainBacklog = spec.Demand == PredictionSpec.DemandRate,
            Group = spec.Group,
        };
    }
}
