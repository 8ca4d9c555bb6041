using Autoscaler.Engine;
using Autoscaler.Model;
using Autoscaler.Prediction;
using Autoscaler.Prediction.LeadTime;
using Autoscaler.Scaling;

namespace Autoscaler.Simulation.Policies;

/// <summary>
/// The real <see cref="ScaleEngine"/> with <c>spec.prediction.mode: Active</c> over the product's fastest reactive
/// path: by default the engine's Knative mode (KPA stable and panic windows, decisions every
/// <see cref="PeriodSeconds"/>) and push-style activation (<see cref="EventActivation"/>: while at zero, the first
/// request wakes the object at once, like the product's push triggers). Every decision feeds the per-series
/// <see cref="WorkloadPredictor"/> the mean request rate since the previous decision (in replica units), refits it
/// on the predictor's own schedule, and passes its forecast to the engine through <see cref="ScaleInput.Prediction"/>.
/// The predictor sees only the past (<see cref="IDemandHistory"/>) and learns the lead time from the simulated
/// cluster. With <see cref="KnativeBase"/> false the reactive part is KEDA's defaults instead (15 s sync, cooldown).
/// </summary>
public sealed class PredictivePolicy : IScalingPolicy
{
    private static readonly ScaleEngine Engine = new();

    /// <summary>A predictive policy named <paramref name="name"/> (the catalog's is <c>predictive</c>).</summary>
    public PredictivePolicy(string name = "predictive") => Name = name;

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Description => KnativeBase
        ? $"Autoscaler's engine with spec.prediction Active (quantile {Quantile:0.##}, lead time learned from observed time-to-ready, period detected, learned headroom and keep-alive) over its Knative mode ({PeriodSeconds} s ticks, utilization {TargetUtilization:0} %) with push-style activation"
        : $"Autoscaler's engine with spec.prediction Active (quantile {Quantile:0.##}, lead time learned, period detected) over KEDA's reactive rules ({PeriodSeconds} s, cooldown {CooldownSeconds} s)";

    /// <summary>Whether the reactive part is the engine's Knative mode (the default) rather than KEDA's HPA rules.</summary>
    public bool KnativeBase { get; init; } = true;

    /// <summary>Seconds between decisions. The default is 2 (Knative's autoscaler tick).</summary>
    public int PeriodSeconds { get; init; } = 2;

    /// <summary>The KEDA base's cooldown before a scale to zero, in seconds. The default is 300 (KEDA's).</summary>
    public int CooldownSeconds { get; init; } = 300;

    /// <summary>The Knative base's target utilization, in percent. The default is 100: the predictor sizes the headroom.</summary>
    public double TargetUtilization { get; init; } = 100;

    /// <summary>Whether a request arriving while at zero replicas triggers a decision at once (push triggers). The default is true.</summary>
    public bool EventActivation { get; init; } = true;

    /// <summary>The quantile provisioned for. The default is 0.9 (spec.prediction's default).</summary>
    public double Quantile { get; init; } = 0.9;

    /// <summary>True for the reference replay: every decision builds its reason text (see <see cref="EnginePolicy"/>).</summary>
    internal bool Reference { get; init; }

    /// <inheritdoc />
    public IPolicyController Start(PolicySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // The trace is an arrival rate (requests per second), so the spec says so, as a user's would.
        // A series with siblings (the functions of one application) is in their group, as a user would declare it.
        var prediction = new PredictionSpec { Mode = PredictionSpec.ModeActive, Quantile = Quantile, Demand = PredictionSpec.DemandRate, Group = settings.Siblings.Count > 0 ? "application" : null };
        var spec = new ScaledObjectSpec
        {
            PollingInterval = PeriodSeconds,
            CooldownPeriod = CooldownSeconds,
            MinReplicaCount = 0,
            MaxReplicaCount = PolicyCatalog.MaxReplicas,
            Knative = KnativeBase ? new KnativeScaling { TargetUtilizationPercentage = TargetUtilization } : null,
            Triggers = [new ScaleTrigger { Type = "simulated", Name = "requests" }],
            Prediction = prediction,
        };
        var options = PredictorOptions.FromSpec(prediction, PeriodSeconds) with
        {
            // The history step follows the data: the trace's interval, within the predictor's 10..60 s range.
            Step = TimeSpan.FromSeconds(Math.Clamp(settings.IntervalSeconds, 10, 60)),
        };
        var metric = new MetricSpec("s0-requests-per-second", settings.CapacityPerPod, 0, MetricTargetType.AverageValue);
        var group = options.Group is null ? [] : SiblingEvent.From(settings.Siblings, settings.IntervalSeconds * 1000L, (long)options.Step.TotalMilliseconds, PeriodSeconds * 1000L);
        return new Controller(spec, options, PeriodSeconds * 1000L, EventActivation, metric, settings.Start, Reference, group);
    }

    private sealed class Controller(ScaledObjectSpec spec, PredictorOptions options, long periodMs, bool eventActivation, MetricSpec metric, DateTimeOffset start, bool explain, SiblingEvent[] group) : IPolicyController
    {
        private readonly WorkloadPredictor _predictor = new(options);
        private readonly TimeToReadyTracker _readiness = new();
        private ScalerState _state = ScalerState.New(start);
        private long _lastMs;
        private int _nextEvent;

        public PolicyDecision Decide(in PolicyObservation o)
        {
            var now = start.AddMilliseconds(o.NowMs);
            while (_nextEvent < group.Length && group[_nextEvent].KnownMs <= o.NowMs)
            {
                // The siblings' wakes and activity, each once its own predictor has seen it (never earlier).
                var e = group[_nextEvent++];
                if (e.Wake)
                {
                    _predictor.ObserveSiblingWake(e.Sibling, start.AddMilliseconds(e.StepMs));
                }
                else
                {
                    _predictor.ObserveSiblingActive(start.AddMilliseconds(e.StepMs));
                }
            }

            foreach (var sample in _readiness.Observe(now, o.Replicas, o.ReadyReplicas))
            {
                _predictor.ObserveTimeToReady(sample);
            }

            var sinceMs = o.NowMs - _lastMs;
            var rate = sinceMs <= 0 ? 0 : o.Demand.RequestsBetween(_lastMs, o.NowMs) / (sinceMs / 1000.0);
            if (sinceMs > 0)
            {
                // The rate of [last, now) belongs to the step in which that span ended.
                _predictor.Observe(now - TimeSpan.FromTicks(1), rate / metric.Target, o.ReadyReplicas);
            }

            _lastMs = o.NowMs;
            if (_predictor.IsRefitDue(now))
            {
                _predictor.Refit(now);
            }

            // Push-style activation: at zero, a request arriving now is seen now (the product's push triggers).
            var value = eventActivation && o.Replicas == 0 ? Math.Max(rate, o.Demand.CurrentRate) : rate;
            var read = new TriggerSample(0, "requests", metric, value, value > metric.ActivationThreshold, null);
            var decision = Engine.Decide(new ScaleInput(spec, [read], o.Replicas, _state, now)
            {
                ReadyReplicas = o.ReadyReplicas,
                Explain = explain,
                Prediction = _predictor.History.IsEmpty ? null : new PredictionInput(_predictor.Forecast(now), options),
            });
            _state = decision.State;
            var replicas = decision.DesiredReplicas;
            _readiness.Requested(now, o.Replicas, replicas);
            var next = o.NowMs + periodMs;
            if (eventActivation && replicas == 0)
            {
                // Idle: the next arrival (an interval boundary) wakes the object before the next tick.
                var boundary = ((o.NowMs / o.Demand.IntervalMs) + 1) * o.Demand.IntervalMs;
                next = Math.Min(next, boundary);
            }

            return new PolicyDecision(replicas, next);
        }
    }
}
