using System.Diagnostics;
using Autoscaler.Actuation;
using Autoscaler.Engine;
using Autoscaler.Model;
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
    private DateTimeOffset? _lastScaleTime;
    private string? _lastScaleReason;

    public ScaledObjectWorker(StoredResource stored, WorkerServices services, ScalerState? carriedState)
        : base(stored, services)
    {
        _object = (ScaledObject)stored.Resource;
        var target = _object.Spec.ScaleTargetRef;
        _target = new ScaleTargetKey(Namespace, target.ApiVersion, target.Kind, target.Name);
        State = carriedState ?? ScalerState.New(services.Time.GetUtcNow());
        _predictor = services.Predictors?.Get(_object);
        if (_predictor is null)
        {
            services.Metrics.ForgetPrediction(Namespace, Name);
        }
    }

    /// <summary>The engine's state, carried to a new worker when the object's spec changes.</summary>
    public ScalerState State { get; private set; }

    protected override string TypeLabel => "scaledobject";

    protected override void CountError() => Services.Metrics.ScaledObjectErrors.WithLabels(Namespace, Name).Inc();

    protected override async Task TurnAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var started = Services.Time.GetTimestamp();
        var samples = await Scalers.ReadAsync(Services.Options.Value.ReadTimeout, cancellationToken).ConfigureAwait(false);

        ScaleTargetState target;
        try
        {
            target = await Services.ScaleClient.GetScaleAsync(_target, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.TargetUnavailable(Logger, _target.ToString(), Namespace, Name, e.Message);
            CountError();
            var reason = e is ScaleTargetNotFoundException ? "ScaleTargetNotFound" : "ScaleTargetError";
            Publish(samples, null, null, now, new StatusCondition("Ready", "False", reason, e.Message));
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
            target = await Services.ScaleClient.SetReplicasAsync(_target, decision.DesiredReplicas, cancellationToken).ConfigureAwait(false);
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
        Publish(samples, decision, target, now, ready);
    }

    private void Publish(TriggerSample[] samples, ScaleDecision? decision, ScaleTargetState? target, DateTimeOffset now, StatusCondition ready)
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
