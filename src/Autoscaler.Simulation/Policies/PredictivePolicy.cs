using Autoscaler.Engine;
using Autoscaler.Model;
using Autoscaler.Prediction;
using Autoscaler.Prediction.LeadTime;
using Autoscaler.Scaling;

namespace Autoscaler.Simulation.Policies;

/// <summary>
/// The real <see cref="ScaleEngine"/> with <c>spec.prediction.mode: Active</c>: every <see cref="PeriodSeconds"/> it
/// feeds the per-series <see cref="WorkloadPredictor"/> the mean request rate of the last period (in replica units),
/// refits it on the predictor's own schedule, and passes its forecast to the engine through
/// <see cref="ScaleInput.Prediction"/>. The predictor sees only the past (<see cref="IDemandHistory"/>) and learns the
/// lead time from the simulated cluster: the time from each scale-up to the moment the new pods report ready.
/// The reactive part is KEDA's defaults (15 s sync, activation on the first request, cooldown
/// <see cref="CooldownSeconds"/>); everything above it comes from what the predictor learned.
/// </summary>
public sealed class PredictivePolicy : IScalingPolicy
{
    private static readonly ScaleEngine Engine = new();

    /// <inheritdoc />
    public string Name => "predictive";

    /// <inheritdoc />
    public string Description =>
        "Autoscaler's engine with spec.prediction Active (quantile 0.9, lead time learned from observed time-to-ready, period detected): KEDA's reactive rules plus forecast and learned warm minimums";

    /// <summary>Seconds between decisions. The default is 15 (the HPA sync period).</summary>
    public int PeriodSeconds { get; init; } = 15;

    /// <summary>The reactive cooldown before a scale to zero, in seconds (the predictor's warm minimum may hold longer). The default is 300 (KEDA's).</summary>
    public int CooldownSeconds { get; init; } = 300;

    /// <summary>The quantile provisioned for. The default is 0.9 (spec.prediction's default).</summary>
    public double Quantile { get; init; } = 0.9;

    /// <summary>True for the reference replay: every decision builds its reason text (see <see cref="EnginePolicy"/>).</summary>
    internal bool Reference { get; init; }

    /// <inheritdoc />
    public IPolicyController Start(PolicySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var prediction = new PredictionSpec { Mode = PredictionSpec.ModeActive, Quantile = Quantile };
        var spec = new ScaledObjectSpec
        {
            PollingInterval = PeriodSeconds,
            CooldownPeriod = CooldownSeconds,
            MinReplicaCount = 0,
            MaxReplicaCount = PolicyCatalog.MaxReplicas,
            Triggers = [new ScaleTrigger { Type = "simulated", Name = "requests" }],
            Prediction = prediction,
        };
        var options = PredictorOptions.FromSpec(prediction, PeriodSeconds) with
        {
            // The history step follows the data: the trace's interval, within the predictor's 10..60 s range.
            Step = TimeSpan.FromSeconds(Math.Clamp(settings.IntervalSeconds, 10, 60)),
        };
        var metric = new MetricSpec("s0-requests-per-second", settings.CapacityPerPod, 0, MetricTargetType.AverageValue);
        return new Controller(spec, options, PeriodSeconds * 1000L, metric, settings.Start, Reference);
    }

    private sealed class Controller(ScaledObjectSpec spec, PredictorOptions options, long periodMs, MetricSpec metric, DateTimeOffset start, bool explain) : IPolicyController
    {
        private readonly WorkloadPredictor _predictor = new(options);
        private readonly TimeToReadyTracker _readiness = new();
        private ScalerState _state = ScalerState.New(start);

        public PolicyDecision Decide(in PolicyObservation o)
        {
            var now = start.AddMilliseconds(o.NowMs);
            foreach (var sample in _readiness.Observe(now, o.Replicas, o.ReadyReplicas))
            {
                _predictor.ObserveTimeToReady(sample);
            }

            var rate = o.NowMs == 0 ? 0 : o.Demand.RequestsBetween(o.NowMs - periodMs, o.NowMs) / (periodMs / 1000.0);
            if (o.NowMs > 0)
            {
                _predictor.Observe(now, rate / metric.Target);
            }

            if (_predictor.IsRefitDue(now))
            {
                _predictor.Refit(now);
            }

            var read = new TriggerSample(0, "requests", metric, rate, rate > metric.ActivationThreshold, null);
            var decision = Engine.Decide(new ScaleInput(spec, [read], o.Replicas, _state, now)
            {
                ReadyReplicas = o.ReadyReplicas,
                Explain = explain,
                Prediction = _predictor.History.IsEmpty ? null : new PredictionInput(_predictor.Forecast(now), options),
            });
            _state = decision.State;
            var replicas = decision.DesiredReplicas;
            _readiness.Requested(now, o.Replicas, replicas);
            return new PolicyDecision(replicas, o.NowMs + periodMs);
        }
    }
}
