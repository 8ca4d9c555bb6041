using System.Diagnostics;
using Autoscaler.Actuation;
using Autoscaler.Engine;
using Autoscaler.Model;
using Autoscaler.Runtime.Resources;
using Autoscaler.Runtime.Status;

namespace Autoscaler.Runtime.Control;

/// <summary>Runs one ScaledObject: read its triggers, ask the engine, write the replica count when it changes.</summary>
internal sealed class ScaledObjectWorker : ObjectWorker
{
    private readonly ScaledObject _object;
    private readonly ScaleTargetKey _target;
    private DateTimeOffset? _lastScaleTime;
    private string? _lastScaleReason;

    public ScaledObjectWorker(StoredResource stored, WorkerServices services, ScalerState? carriedState)
        : base(stored, services)
    {
        _object = (ScaledObject)stored.Resource;
        var target = _object.Spec.ScaleTargetRef;
        _target = new ScaleTargetKey(Namespace, target.ApiVersion, target.Kind, target.Name);
        State = carriedState ?? ScalerState.New(services.Time.GetUtcNow());
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

        var decision = Services.Engine.Decide(new ScaleInput(_object.Spec, samples, target.DesiredReplicas, State, now)
        {
            Annotations = _object.Metadata.Annotations,
            ReadyReplicas = target.ReadyReplicas,
        });
        State = decision.State;
        Services.Metrics.DecisionDuration.WithLabels(TypeLabel).Observe(Services.Time.GetElapsedTime(started).TotalSeconds);

        if (decision.DesiredReplicas != target.DesiredReplicas)
        {
            var from = target.DesiredReplicas;
            target = await Services.ScaleClient.SetReplicasAsync(_target, decision.DesiredReplicas, cancellationToken).ConfigureAwait(false);
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
}
