using Autoscaler.Prediction.Forecasting;
using Autoscaler.Prediction.Group;
using Autoscaler.Prediction.History;
using Autoscaler.Prediction.LeadTime;
using Autoscaler.Prediction.Seasonality;
using Autoscaler.Prediction.Sparse;

namespace Autoscaler.Prediction;

/// <summary>
/// The predictive engine for one object. Per tick (cheap): <see cref="Observe(DateTimeOffset, double?)"/> the demand, then
/// <see cref="Decide"/> (or <see cref="Forecast"/>). On a schedule (<see cref="IsRefitDue"/>): <see cref="Refit"/>,
/// which detects the period, fits the candidate models and picks one by backtest. Time-to-ready samples of the
/// object's pods go to <see cref="ObserveTimeToReady"/>. Pure: <c>now</c> is always an argument. Not thread-safe:
/// one owner (the object's worker) calls it.
/// </summary>
public sealed class WorkloadPredictor
{
    /// <summary>
    /// Demand below this (in replica units: 5 % of one replica's target) counts as none. Forecasts of a mostly idle
    /// series hover just above zero; without this floor, ceil() would turn that fuzz into a replica kept up all day.
    /// </summary>
    internal const double DemandFloor = 0.05;

    private const double ActiveDemand = 1e-9;
    private readonly double[] _buffer = new double[4096];
    private readonly PeakFactor _peak = new();
    private readonly RiseFactor _rise = new();
    private readonly NowcastError _nowcast = new();
    private IForecastModel? _model;
    private ModelFit? _fit;
    private PeriodDetection? _period;
    private long _modelNextIndex;
    private DateTimeOffset? _lastRefit;
    private DateTimeOffset? _lastActiveEnd;
    private long _lastActiveIndex = long.MinValue;
    private bool _idleSinceActive;
    private DateTimeOffset? _lastWake;
    private GroupWakeModel? _group;
    private DateTimeOffset? _servedSince;
    private int _served;
    private double _backlog;

    /// <summary>A predictor with an empty history, or with a loaded one.</summary>
    public WorkloadPredictor(PredictorOptions options, DemandHistory? history = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        History = history is not null && history.Step == options.Step ? history : new DemandHistory(options.Step, options.History);
        LeadTime = new LeadTimeEstimator(options.FixedLeadTime ?? options.DefaultLeadTime);
    }

    /// <summary>The options.</summary>
    public PredictorOptions Options { get; }

    /// <summary>The demand history (persist it with <see cref="HistorySerializer"/>).</summary>
    public DemandHistory History { get; }

    /// <summary>The lead-time estimator.</summary>
    public LeadTimeEstimator LeadTime { get; }

    /// <summary>The idle-time histogram.</summary>
    public IdleTimeHistogram IdleTimes { get; } = new();

    /// <summary>The lead time in use: the configured one, or the learned one (the default until enough samples).</summary>
    public TimeSpan CurrentLeadTime => Options.FixedLeadTime ?? LeadTime.Estimate;

    /// <summary>When the models were last fitted.</summary>
    public DateTimeOffset? LastRefit => _lastRefit;

    /// <summary>
    /// Records the demand at <paramref name="now"/> in replica units (the metric over its per-replica target; for
    /// several triggers, the largest). Null means the read failed: the step stays missing, not zero. O(1) amortised:
    /// each closed step updates the model's state by one step.
    /// </summary>
    public void Observe(DateTimeOffset now, double? demand) => Observe(now, demand, null);

    /// <summary>
    /// Records the demand at <paramref name="now"/> (as <see cref="Observe(DateTimeOffset, double?)"/>) and the
    /// replicas ready from now on. When the demand is an arrival rate (requests per second over the per-replica
    /// target), the demand since the previous observation above the replicas that were ready then is work not yet
    /// served: it accumulates as a backlog (in replica-seconds) that spare ready capacity drains, and the forecast
    /// provisions to drain it (<see cref="PredictorOptions.DrainBacklog"/>). Null replicas: not known, no backlog.
    /// </summary>
    public void Observe(DateTimeOffset now, double? demand, int? readyReplicas)
    {
        TrackBacklog(now, demand, readyReplicas);
        if (demand is { } d && double.IsFinite(d) && d >= 0)
        {
            var index = History.IndexOf(now);
            if (d > ActiveDemand)
            {
                if (index > _lastActiveIndex && (_lastActiveEnd is null || _idleSinceActive))
                {
                    // A wake: the first activity, or activity after at least one idle step.
                    _lastWake = History.StartOf(index);
                    _group?.OwnWoke(_lastWake.Value);
                }

                if (_idleSinceActive && _lastActiveEnd is { } end && index > _lastActiveIndex)
                {
                    IdleTimes.Record(History.StartOf(index) - end);
                }

                _idleSinceActive = false;
                _lastActiveIndex = index;
                _lastActiveEnd = History.StartOf(index) + Options.Step;
            }
            else if (index > _lastActiveIndex)
            {
                _idleSinceActive = _lastActiveEnd is not null;
            }

            History.Record(now, d);
            _nowcast.Observe(index, (now - History.StartOf(index)) / Options.Step, History.CurrentMean);
            _peak.Observe(index, d);
            _rise.Observe(index, d);
        }
        else
        {
            History.MarkMissing(now);
        }

        FeedClosedSteps();
    }

    /// <summary>The start of the step in which the newest activity began after an idle step (or the first activity); null before any.</summary>
    public DateTimeOffset? LastWake => _lastWake;

    /// <summary>What this object has learned from its group; null until a sibling's wake or activity has been observed (no group: as before).</summary>
    public GroupWakeModel? Group => _group;

    /// <summary>
    /// A sibling in this object's group (<c>spec.prediction.group</c>) woke: its demand started after an idle step, in
    /// the step containing <paramref name="at"/> (at or before the caller's now: never a future wake). Trains and drives
    /// the group pre-warm (<see cref="GroupWakeModel"/>).
    /// </summary>
    public void ObserveSiblingWake(string sibling, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(sibling);
        _group ??= new GroupWakeModel(Options.Step);
        var stepStart = History.StartOf(History.IndexOf(at));
        var cold = _lastActiveEnd is not { } end || (stepStart >= end && !IdleTimes.Window(CurrentLeadTime).IsWarm(stepStart - end));
        _group.SiblingWoke(sibling, stepStart, _lastWake, cold);
    }

    /// <summary>A sibling in this object's group had demand in the step containing <paramref name="at"/> (the group is awake).</summary>
    public void ObserveSiblingActive(DateTimeOffset at)
    {
        _group ??= new GroupWakeModel(Options.Step);
        _group.SiblingActive(History.StartOf(History.IndexOf(at)));
    }

    /// <summary>The work not yet served, in replica-seconds: demand above the ready replicas, less the spare capacity since.</summary>
    public double Backlog => _backlog;

    /// <summary>Records the time one of the object's pods took from the scale-up decision to ready.</summary>
    public void ObserveTimeToReady(TimeSpan timeToReady) => LeadTime.Observe(timeToReady);

    /// <summary>Whether a refit is due: never fitted, or <see cref="PredictorOptions.RefitInterval"/> since the last (a sixth of it while there is no model yet).</summary>
    public bool IsRefitDue(DateTimeOffset now)
    {
        if (Options.Mode == PredictionMode.Off || History.Count < ModelSelector.MinHistory)
        {
            return false;
        }

        if (_lastRefit is not { } last)
        {
            return true;
        }

        var interval = _model is null ? Options.RefitInterval / 6 : Options.RefitInterval;
        return now - last >= interval || now < last;
    }

    /// <summary>
    /// Detects the period (unless configured), fits seasonal naive, Holt-Winters and damped trend, and keeps the one
    /// with the lowest rolling-origin backtest MASE together with its per-horizon error quantiles. The expensive call:
    /// run it on the schedule of <see cref="IsRefitDue"/>, not every tick.
    /// </summary>
    public void Refit(DateTimeOffset now)
    {
        _lastRefit = now;
        var closed = History.Count - 1;
        if (closed < ModelSelector.MinHistory)
        {
            return;
        }

        var y = new double[closed];
        for (var i = 0; i < closed; i++)
        {
            y[i] = History.At(i);
        }

        var stepSeconds = Options.Step.TotalSeconds;
        int? period;
        if (Options.Seasonality is { } fixedPeriod)
        {
            period = fixedPeriod <= TimeSpan.Zero ? null : (int)Math.Round(fixedPeriod.TotalSeconds / stepSeconds);
            _period = period is { } p ? new PeriodDetection(p, 0, 0, "configured") : PeriodDetection.None("seasonality: none");
        }
        else
        {
            _period = PeriodDetector.Detect(y);
            period = _period.Period;
        }

        _peak.Refresh();
        _nowcast.Refresh();
        _rise.Refresh(Options.Quantile);
        var horizon = HorizonSteps() + 1;
        _fit = ModelSelector.Fit(y, period, horizon);
        _model = _fit.Model;
        _modelNextIndex = History.LastIndex;
    }

    /// <summary>The forecast at <paramref name="now"/> for [now + L, now + L + W]; cheap (O(L + W) steps).</summary>
    public DemandForecast Forecast(DateTimeOffset now)
    {
        var lead = CurrentLeadTime;
        var window = Options.Window;
        var idle = _lastActiveEnd is { } end && _idleSinceActive ? now - end : TimeSpan.Zero;
        var warmWindow = IdleTimes.Window(lead);
        var probability = IdleTimes.ProbabilityOfActivity(idle, lead + Options.ScaleToZeroGrace);
        var probabilitySoon = IdleTimes.ProbabilityOfActivity(idle, lead + window);
        var group = _group?.Evaluate(now, lead, window, Options.ScaleToZeroGrace, Options.ScaleToZeroThreshold);
        if (group is { Asleep: true })
        {
            // The group is asleep, and this object has only ever woken while it was awake: no own keep-alive.
            probability = probability is null ? null : 0;
            probabilitySoon = probabilitySoon is null ? null : 0;
        }

        var points = new List<ForecastPoint>();
        double? predicted = null;
        if (_model is not null && _fit?.Residuals is { } residuals)
        {
            var first = History.IndexOf(now + lead);
            // [now + L, now + L + W): W = one step covers exactly one step.
            var last = Math.Max(first, History.IndexOf(now + lead + window - TimeSpan.FromTicks(1)));
            var graceLast = Math.Max(first, History.IndexOf(now + lead + Options.ScaleToZeroGrace - TimeSpan.FromTicks(1)));
            var steps = (int)Math.Clamp(Math.Max(last, graceLast) - _modelNextIndex + 1, 1, _buffer.Length);
            var forecast = _buffer.AsSpan(0, steps);
            _model.Forecast(forecast);
            double best = 0;
            double bestExpected = 0;
            double forecastProbability = 0;
            double forecastProbabilitySoon = 0;
            for (var h = 1; h <= steps; h++)
            {
                var index = _modelNextIndex + h - 1;
                var expected = Math.Max(0, forecast[h - 1]);
                var upper = Math.Max(0, forecast[h - 1] + residuals.Quantile(h, Options.Quantile, forecast[h - 1]));
                if (Options.Nowcast && index == History.LastIndexOpen && _nowcast.Upper(index, Options.Quantile) is { } known)
                {
                    // The step being recorded: what it has shown so far, plus what steps like it still did after the
                    // same share of their time, replaces the interval the model made before any of it was seen. The
                    // model's expectation stays (the peaks still to come in the step are scaled from it below): the
                    // nowcast narrows the spread, it does not lower the expectation.
                    upper = Math.Max(0, known);
                }

                upper = upper < DemandFloor ? 0 : upper;
                if (index >= History.IndexOf(now) && index <= last)
                {
                    points.Add(new ForecastPoint(History.StartOf(index), expected, upper));
                }

                if (index >= first && index <= last)
                {
                    best = Math.Max(best, upper);
                    bestExpected = Math.Max(bestExpected, expected);
                }

                if (index >= History.IndexOf(now) && index <= graceLast)
                {
                    var exceedance = residuals.Exceedance(h, DemandFloor - forecast[h - 1]);
                    forecastProbability = Math.Max(forecastProbability, exceedance);
                    if (index <= last)
                    {
                        forecastProbabilitySoon = Math.Max(forecastProbabilitySoon, exceedance);
                    }
                }
            }

            // Nowcast: when the window starts in the step being recorded, what that step has shown so far is the
            // freshest estimate of it; the forecast (made from closed steps only) may not have seen a surprise yet.
            if (Options.Nowcast && History.LastIndexOpen == first && History.CurrentMean is var current && !double.IsNaN(current))
            {
                best = Math.Max(best, current < DemandFloor ? 0 : current);
                bestExpected = Math.Max(bestExpected, current < DemandFloor ? 0 : current);
            }

            // Between steps: when the window reaches past the step being recorded, demand may jump at the boundary
            // before any decision sees it. What is provisioned for the window (its upper bound, at least the current
            // step so far) is recorded for the next step; once that step has been seen, the ratio of its demand to
            // that provision is learned, and the provision is scaled by that ratio's quantile: 1 while the model's
            // interval covers the steps as often as the quantile asks, more only where it has fallen short.
            var nextStep = History.IndexOf(now) + 1;
            if (last >= nextStep)
            {
                var level = History.CurrentMean is var open && !double.IsNaN(open) ? Math.Max(open, best) : best;
                _rise.Provisioned(nextStep, level);
                if (Options.StepRise && _rise.Value > 1 && level >= DemandFloor)
                {
                    best = Math.Max(best, level * _rise.Value);
                }
            }

            // The forecast is of step means, but capacity must cover the peaks within a step: the expected mean is
            // scaled by how far this workload's demand usually rises above its step mean (1 for a smooth one).
            predicted = Math.Max(best, bestExpected * _peak.Value);
            probability = Math.Max(probability ?? 0, forecastProbability);
            probabilitySoon = Math.Max(probabilitySoon ?? 0, forecastProbabilitySoon);
        }

        if (DrainDemand(now, lead, window) is { } drain)
        {
            predicted = Math.Max(predicted ?? 0, drain);
        }

        var warmWindowNow = _lastActiveEnd is not null && warmWindow.IsWarm(idle) && group is not { Asleep: true };
        var groupWarm = group is { Warm: true };
        var warm = warmWindowNow || groupWarm || (probability is { } pr && pr >= Options.ScaleToZeroThreshold && _lastActiveEnd is not null) ? 1 : 0;
        var warmFromZero = warmWindowNow || groupWarm || (probabilitySoon is { } soon && soon >= Options.ScaleToZeroThreshold && _lastActiveEnd is not null) ? 1 : 0;
        var period = _period?.PeriodSteps is { } ps ? TimeSpan.FromSeconds(ps * Options.Step.TotalSeconds) : (TimeSpan?)null;
        return new DemandForecast
        {
            Now = now,
            Model = _model?.Kind ?? ForecastModelKind.None,
            ModelParameters = _model?.Parameters ?? "",
            Period = period,
            BacktestMase = _fit?.Mase,
            LeadTime = lead,
            LeadTimeLearned = Options.FixedLeadTime is null && LeadTime.IsLearned,
            Window = window,
            Quantile = Options.Quantile,
            Points = points,
            PredictedDemand = predicted,
            ProbabilityOfDemand = probability,
            WarmWindow = warmWindow,
            WarmMinimum = warm,
            WarmMinimumFromZero = warmFromZero,
            Group = groupWarm && !warmWindowNow ? group?.Reason : null,
            LastRefit = _lastRefit,
            HistorySteps = History.Count,
            Reason = _fit is null ? "not fitted yet" : $"{_period?.Reason}; {_fit.Reason}",
        };
    }

    /// <summary>The forecast combined with the reactive answer (<see cref="ReplicaCombiner"/>).</summary>
    /// <param name="now">The time of the decision.</param>
    /// <param name="reactive">What the reactive rules want (after activation and cooldown).</param>
    /// <param name="current">The current replicas.</param>
    /// <param name="maxReplicas">maxReplicaCount.</param>
    public PredictionDecision Decide(DateTimeOffset now, int reactive, int current, int maxReplicas) =>
        ReplicaCombiner.Combine(Forecast(now), Options, reactive, current, maxReplicas);

    /// <summary>Approximate bytes held by this predictor (history, model, residual quantiles, histogram).</summary>
    public long EstimatedBytes =>
        (History.Capacity * 8L) + (History.CoarseCapacity * 8L) + (_buffer.Length * 8L) + (_model?.Bytes ?? 0)
        + (_fit?.Residuals?.Bytes ?? 0) + (IdleTimeHistogram.Bins * 8L) + PeakFactor.Bytes + RiseFactor.Bytes + _nowcast.Bytes + 512
        + (_group?.Bytes ?? 0);

    private void TrackBacklog(DateTimeOffset now, double? demand, int? readyReplicas)
    {
        if (readyReplicas is not { } ready || demand is not { } d || !double.IsFinite(d) || d < 0)
        {
            _servedSince = null;
            _backlog = 0;
            return;
        }

        if (_servedSince is { } since && now > since && now - since <= Options.Step)
        {
            _backlog = Math.Max(0, _backlog + ((d - _served) * (now - since).TotalSeconds));
        }
        else
        {
            _backlog = 0;
        }

        _servedSince = now;
        _served = ready;
    }

    /// <summary>
    /// The demand that serves the current step's rate and drains the backlog by the end of the step (the interval an
    /// SLO is judged on), or within the next window when the step ends before new replicas would be ready.
    /// </summary>
    private double? DrainDemand(DateTimeOffset now, TimeSpan lead, TimeSpan window)
    {
        if (!Options.DrainBacklog || _backlog <= 0 || History.CurrentMean is var current && double.IsNaN(current))
        {
            return null;
        }

        var stepEnd = History.StartOf(History.IndexOf(now) + 1);
        var left = stepEnd - (now + lead);
        var seconds = Math.Max(window.TotalSeconds, left.TotalSeconds);
        return current + (_backlog / seconds);
    }

    private int HorizonSteps()
    {
        var lead = CurrentLeadTime;
        var end = lead + (Options.Window > Options.ScaleToZeroGrace ? Options.Window : Options.ScaleToZeroGrace);
        return (int)Math.Clamp(Math.Ceiling((end + Options.Step).TotalSeconds / Options.Step.TotalSeconds), 1, 512);
    }

    private void FeedClosedSteps()
    {
        if (_model is null)
        {
            return;
        }

        var first = History.LastIndex - History.Count + 1;
        while (_modelNextIndex < History.LastIndex)
        {
            var i = _modelNextIndex - first;
            _model.Update(i >= 0 && i < History.Count ? History.At((int)i) : double.NaN);
            _modelNextIndex++;
        }
    }
}
