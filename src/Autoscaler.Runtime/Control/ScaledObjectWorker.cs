using System.Diagnostics;
using Autoscaler.Actuation;
using Autoscaler.Engine;
using Autoscaler.Model;
using Autoscaler.Runtime.Placement;
using Autoscaler.Runtime.Prediction;
using Autoscaler.Runtime.Resources;
using Autoscaler.Runtime.Status;

namespace Autoscaler.Runtime.Control;

/// <summary>Runs one ScaledObject: read its triggers, ask the engine, write the replica count when it changes.</summary>
internal sealed class ScaledObjectWorker : ObjectWorker
{
    private readonly ScaledObject _object;
    private readonly ScaleTargetKey _target;
    private readonly ObjectPredictor? _predictor;
    private readonly PlacementActuator? _placement;
    private DateTimeOffset? _lastScaleTime;
    private string? _lastScaleReason;

    public ScaledObjectWorker(StoredResource stored, WorkerServices services, ScalerState? carriedState)
        : base(stored, services)
    {
        _object = (ScaledObject)stored.Resource;
        _target = TargetOf(_object);
        State = carriedState ?? ScalerState.New(services.Time.GetUtcNow());
        _placement = _object.Spec.Placement is null ? null : services.Placement;
        Burst = _placement is null ? null : PlacementActuator.BurstOf(_object, _target);
        _predictor = services.Predictors?.Get(_object);
        if (_predictor is null)
        {
            services.Metrics.ForgetPrediction(Namespace, Name);
        }
    }

    /// <summary>The engine's state, carried to a new worker when the object's spec changes.</summary>
    public ScalerState State { get; private set; }

    /// <summary>The object's scale target.</summary>
    public static ScaleTargetKey TargetOf(ScaledObject scaledObject)
    {
        var target = scaledObject.Spec.ScaleTargetRef;
        return new ScaleTargetKey(scaledObject.Metadata.Namespace, target.ApiVersion, target.Kind, target.Name);
    }

    /// <summary>The burst Deployment this object manages (hybrid placement), or null.</summary>
    public BurstRequest? Burst { get; }

    protected override string TypeLabel => "scaledobject";

    protected override void CountError() => Services.Metrics.ScaledObjectErrors.WithLabels(Namespace, Name).Inc();

    protected override async Task TurnAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var started = Services.Time.GetTimestamp();
        var samples = await Scalers.ReadAsync(Services.Options.Value.ReadTimeout, cancellationToken).ConfigureAwait(false);

        ScaleTargetState target;
        PlacedState? placed = null;
        try
        {
            if (_placement is not null)
            {
                placed = await _placement.ReadAsync(_object.Spec.Placement!, _target, Burst, cancellationToken).ConfigureAwait(false);
                target = placed.Total;
            }
            else
            {
                target = await Services.ScaleClient.GetScaleAsync(_target, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.TargetUnavailable(Logger, _target.ToString(), Namespace, Name, e.Message);
            CountError();
            var reason = e is ScaleTargetNotFoundException ? "ScaleTargetNotFound" : "ScaleTargetError";
            Publish(samples, null, null, null, now, new StatusCondition("Ready", "False", reason, e.Message));
            return;
        }

        PredictionInput? prediction = null;
        if (_predictor is not null)
        {
            lock (_predictor)
            {
                prediction = _predictor.Prepare(now, samples, target);
            }
        }

        var decision = Services.Engine.Decide(new ScaleInput(_object.Spec, samples, target.DesiredReplicas, State, now)
        {
            Annotations = _object.Metadata.Annotations,
            ReadyReplicas = target.ReadyReplicas,
            Prediction = prediction,
        });
        State = decision.State;
        Services.Metrics.DecisionDuration.WithLabels(TypeLabel).Observe(Services.Time.GetElapsedTime(started).TotalSeconds);

        if (decision.DesiredReplicas != target.DesiredReplicas)
        {
            var from = target.DesiredReplicas;
            if (_placement is not null && placed is not null)
            {
                placed = await _placement.SetAsync(_object.Spec.Placement!, _target, Burst, placed, decision.DesiredReplicas, cancellationToken).ConfigureAwait(false);
                target = placed.Total;
            }
            else
            {
                target = await Services.ScaleClient.SetReplicasAsync(_target, decision.DesiredReplicas, cancellationToken).ConfigureAwait(false);
            }

            if (_predictor is not null)
            {
                lock (_predictor)
                {
                    _predictor.Scaled(now, from, decision.DesiredReplicas);
                }
            }

            _lastScaleTime = now;
            _lastScaleReason = $"{from} → {decision.DesiredReplicas}: {decision.Reason}: {decision.Message}";
            Services.Metrics.ScaleActions.WithLabels(Namespace, Name, decision.DesiredReplicas > from ? "up" : "down").Inc();
            Log.Scaled(Logger, Resource.Kind, Namespace, Name, _target.ToString(), from, decision.DesiredReplicas, decision.Reason.ToString(), decision.Message);
        }

        var ready = samples.All(s => !s.HasFailed)
            ? new StatusCondition("Ready", "True", "ScaledObjectReady", "every trigger was read and the target exists")
            : new StatusCondition("Ready", "False", "TriggerError", string.Join("; ", samples.Where(s => s.HasFailed).Select(s => $"{s.Name}: {s.Error}")));
        Publish(samples, decision, target, placed, now, ready);
    }

    private PlacementStatus? DescribePlacement(PlacedState? placed) => placed is null ? null : new PlacementStatus
    {
        Profile = _object.Spec.Placement?.Profile,
        BaseReplicaLimit = Burst is null ? null : _object.Spec.Placement?.BaseReplicas,
        BaseReplicas = placed.Base.DesiredReplicas,
        BaseReadyReplicas = placed.Base.ReadyReplicas,
        BurstTarget = Burst is null ? null : $"{Burst.Burst.Kind}/{Burst.Burst.Name}",
        BurstProfile = Burst?.Profile,
        BurstReplicas = placed.Burst?.DesiredReplicas ?? 0,
        BurstReadyReplicas = placed.Burst?.ReadyReplicas ?? 0,
    };

    private void Publish(TriggerSample[] samples, ScaleDecision? decision, ScaleTargetState? target, PlacedState? placed, DateTimeOffset now, StatusCondition ready)
    {
        var triggers = RecordTriggers(samples, decision?.Recommendations, now);
        var active = decision?.IsActive ?? false;
        if (decision is not null && target is not null)
        {
            Services.Metrics.DesiredReplicas.WithLabels(Namespace, Name, TypeLabel).Set(decision.DesiredReplicas);
            Services.Metrics.CurrentReplicas.WithLabels(Namespace, Name, TypeLabel).Set(target.CurrentReplicas);
            Services.Metrics.ReadyReplicas.WithLabels(Namespace, Name, TypeLabel).Set(target.ReadyReplicas);
        }

        var prediction = decision?.Prediction is { } p ? DescribePrediction(p) : null;
        if (prediction is not null)
        {
            PublishPredictionMetrics(prediction);
        }

        Services.Status.Set(Key, new ScaledObjectStatus
        {
            Namespace = Namespace,
            Name = Name,
            Source = Stored.Source,
            Target = $"{_target.Kind}/{_target.Name}",
            MinReplicas = _object.Spec.MinReplicaCount,
            MaxReplicas = _object.Spec.MaxReplicaCount,
            PollingInterval = _object.Spec.PollingInterval,
            Triggers = triggers,
            DesiredReplicas = decision?.DesiredReplicas,
            CurrentReplicas = target?.CurrentReplicas,
            ReadyReplicas = target?.ReadyReplicas,
            IsActive = active,
            LastActiveTime = State.LastActiveTime,
            LastScaleTime = _lastScaleTime,
            LastScaleReason = _lastScaleReason,
            LastDecisionTime = now,
            Reason = decision?.Reason.ToString(),
            Message = decision?.Message ?? ready.Message,
            Prediction = prediction,
            Placement = DescribePlacement(placed),
            Conditions =
            [
                ready,
                new StatusCondition("Active", active ? "True" : "False", active ? "ScalerActive" : "ScalerNotActive",
                    active ? "at least one trigger is active" : "no trigger is active"),
                decision?.Fallback is { } fallback
                    ? new StatusCondition("Fallback", "True", "FallbackExists", fallback)
                    : new StatusCondition("Fallback", "False", "NoFallbackFound", "fallback is not in force"),
                decision?.Paused is { } paused
                    ? new StatusCondition("Paused", "True", "ScaledObjectPaused", paused)
                    : new StatusCondition("Paused", "False", "ScaledObjectNotPaused", "the object is not paused"),
            ],
        });
        Debug.Assert(samples.Length == triggers.Count, "one status per trigger");
    }

    private PredictionStatus DescribePrediction(Autoscaler.Prediction.PredictionDecision p)
    {
        var f = p.Forecast;
        return new PredictionStatus
        {
            Mode = _predictor?.Options.Mode.ToString() ?? "Active",
            Model = f.Model.ToString(),
            ModelParameters = f.ModelParameters,
            PeriodSeconds = f.Period?.TotalSeconds,
            BacktestMase = f.BacktestMase,
            LeadTimeSeconds = f.LeadTime.TotalSeconds,
            LeadTimeLearned = f.LeadTimeLearned,
            WindowSeconds = f.Window.TotalSeconds,
            Quantile = f.Quantile,
            PredictedDemand = f.PredictedDemand,
            PredictiveReplicas = p.Predictive,
            WarmMinimum = p.WarmMinimum,
            ProbabilityOfDemand = f.ProbabilityOfDemand,
            ReplicasFromForecast = p.FromForecast && _predictor?.Options.Mode == Autoscaler.Prediction.PredictionMode.Active,
            ReactiveReplicas = p.Reactive,
            HistorySteps = f.HistorySteps,
            LastRefit = f.LastRefit,
            Forecast = [.. f.Points.Select(x => new PredictionPoint(x.Time, x.Expected, x.Upper))],
            Message = $"{p.Message}; {f.Reason}",
        };
    }

    private void PublishPredictionMetrics(PredictionStatus p)
    {
        var m = Services.Metrics;
        m.PredictedDemand.WithLabels(Namespace, Name).Set(p.PredictedDemand ?? 0);
        m.PredictedReplicas.WithLabels(Namespace, Name).Set(p.PredictiveReplicas ?? 0);
        m.PredictionFromForecast.WithLabels(Namespace, Name).Set(p.ReplicasFromForecast ? 1 : 0);
        m.PredictionBacktestMase.WithLabels(Namespace, Name).Set(p.BacktestMase ?? double.NaN);
        m.PredictionPeriod.WithLabels(Namespace, Name).Set(p.PeriodSeconds ?? 0);
        m.PredictionLeadTime.WithLabels(Namespace, Name).Set(p.LeadTimeSeconds);
        foreach (var labels in m.PredictionModel.GetAllLabelValues().Where(l => l[0] == Namespace && l[1] == Name && l[2] != p.Model).ToList())
        {
            m.PredictionModel.RemoveLabelled(labels);
        }

        m.PredictionModel.WithLabels(Namespace, Name, p.Model).Set(1);
    }
}
