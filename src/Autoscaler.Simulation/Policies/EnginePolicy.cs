using Autoscaler.Engine;
using Autoscaler.Model;
using Autoscaler.Scaling;

namespace Autoscaler.Simulation.Policies;

/// <summary>
/// A policy that is the real <see cref="ScaleEngine"/> with a ScaledObject spec: every <see cref="PeriodSeconds"/>
/// (default: the spec's pollingInterval) the engine gets one synthetic trigger sample, the mean request rate over
/// the last period (AverageValue, target = <c>targetPerPod</c> requests/s, default the pod capacity), and its
/// decision is the replica count. <see cref="ZeroPollSeconds"/> models KEDA's split: at zero replicas only the
/// KEDA poll (not the HPA sync) can activate, and KEDA activates to max(minReplicaCount, 1).
/// </summary>
public sealed class EnginePolicy : IScalingPolicy
{
    private readonly Func<ScaledObjectSpec> _spec;

    /// <summary>A policy named <paramref name="name"/> running the engine on <paramref name="spec"/>.</summary>
    public EnginePolicy(string name, string description, Func<ScaledObjectSpec> spec, IReadOnlyDictionary<string, string>? annotations = null)
    {
        Name = name;
        Description = description;
        _spec = spec;
        Annotations = annotations ?? new Dictionary<string, string>();
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>Seconds between engine decisions; null means the spec's pollingInterval.</summary>
    public int? PeriodSeconds { get; init; }

    /// <summary>When set, at zero replicas decisions happen only on multiples of this many seconds, and activation goes to max(minReplicaCount, 1) (KEDA).</summary>
    public int? ZeroPollSeconds { get; init; }

    /// <summary>Requests per second per pod to aim for; null means the pod capacity.</summary>
    public double? TargetPerPod { get; init; }

    /// <summary>The object's annotations (pause annotations work in simulation too).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; }

    /// <summary>
    /// True for the reference replay: every decision builds its reason text, as the service's do. The default (false)
    /// skips the text, which nothing in a replay reads; the replica counts are the same either way (a test holds the
    /// two to the same results).
    /// </summary>
    internal bool Reference { get; init; }

    /// <summary>This policy as the reference replay (<see cref="Reference"/>).</summary>
    internal EnginePolicy AsReference() => new(Name, Description, _spec, Annotations)
    {
        PeriodSeconds = PeriodSeconds,
        ZeroPollSeconds = ZeroPollSeconds,
        TargetPerPod = TargetPerPod,
        Reference = true,
    };

    /// <summary>The engine, shared: it is stateless and thread-safe.</summary>
    private static readonly ScaleEngine Engine = new();

    /// <inheritdoc />
    public IPolicyController Start(PolicySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var spec = _spec();
        var period = PeriodSeconds ?? spec.PollingInterval;
        var target = TargetPerPod ?? settings.CapacityPerPod;
        var name = spec.Triggers.Count > 0 ? spec.Triggers[0].Name ?? spec.Triggers[0].Type : "demand";
        var metric = new MetricSpec("s0-requests-per-second", target, 0, MetricTargetType.AverageValue);
        return new Controller(spec, period * 1000L, ZeroPollSeconds * 1000L, metric, name, settings.Start, Annotations, Reference, (long)settings.ColdStart.TotalMilliseconds);
    }

    private sealed class Controller(ScaledObjectSpec spec, long periodMs, long? zeroPollMs, MetricSpec metric, string trigger, DateTimeOffset start, IReadOnlyDictionary<string, string> annotations, bool explain, long coldStartMs) : IPolicyController
    {
        private ScalerState _state = ScalerState.New(start);
        private TriggerSample[]? _samples;
        private TickValues? _ratesAhead;
        private IDemandLookahead? _lookahead;
        private long _lookaheadFromMs;

        /// <summary>The most ticks one decision may hold for (Knative mode).</summary>
        private const int HoldAhead = 1024;

        /// <summary>The rates the replay will read at ticks firstTick.. after the decision being held (<see cref="TickValues"/>).</summary>
        private void RatesAhead(int firstTick, Span<double> rates) =>
            _lookahead!.RatesAhead(_lookaheadFromMs + ((firstTick - 1) * periodMs), periodMs, rates);

        public PolicyDecision Decide(in PolicyObservation o)
        {
            var next = o.NowMs + periodMs;
            if (o.Replicas == 0 && zeroPollMs is { } poll && o.NowMs % poll != 0)
            {
                return new PolicyDecision(0, next);
            }

            var rate = o.Demand.RequestsBetween(o.NowMs - periodMs, o.NowMs) / (periodMs / 1000.0);
            if (_samples is null || _samples[0].Value != rate)
            {
                // Samples are values: while the rate is unchanged (within one trace interval) the same one is reused.
                _samples = [new TriggerSample(0, trigger, metric, rate, rate > metric.ActivationThreshold, null)];
            }

            var now = start.AddTicks(o.NowMs * TimeSpan.TicksPerMillisecond); // AddMilliseconds(whole ms), without its double arithmetic
            var input = new ScaleInput(spec, _samples, o.Replicas, _state, now)
            {
                Annotations = annotations,
                ReadyReplicas = o.ReadyReplicas,
                Explain = explain,
            };
            var decision = Engine.Decide(input);
            _state = decision.State;
            if (!explain && rate == 0 && o.Demand.CurrentRate == 0 && ScaleEngine.IsAtRest(input, decision))
            {
                // At rest, with no demand in this trace interval: every tick up to the interval's end reads the same
                // zero (its period lies within the interval), so the engine would decide the same 0 from an equivalent
                // state (ScaleEngine.IsAtRest). Skip to the first tick after the interval's end, or, when the replay
                // knows the trace ahead, after the end of the last idle interval before the next demand (every tick
                // up to it reads zero too). The reference replay (explain) decides every tick, and tests hold the two
                // to the same results.
                var interval = o.NowMs / o.Demand.IntervalMs;
                var idleUntil = o.Demand is IDemandLookahead ahead ? Math.Max(interval + 1, ahead.NextDemandInterval((int)interval + 1)) : interval + 1;
                next = Math.Max(next, ((idleUntil * o.Demand.IntervalMs / periodMs) + 1) * periodMs);
            }
            else if (!explain && spec.Knative is not null && zeroPollMs is null && o.ReadyReplicas == o.Replicas && decision.DesiredReplicas > 0
                && coldStartMs >= 0 && o.Demand is IDemandLookahead lookahead)
            {
                // A Knative decision with no pod starting before it: the engine tells how many of the next ticks
                // (reading the rates the replay will read then) decide the same count, and the state after them
                // (ScaleEngine.HoldTicks). The replay applies the count at once; pods a scale-up starts are ready
                // after the cold start, so the first tick that counts them is the first one after it (a decision at
                // the instant a pod becomes ready does not count it yet); a scale-down removes ready pods at once.
                // Nothing else changes the pods before the next decision, so the inputs are as the engine assumed.
                var readyFromTick = decision.DesiredReplicas > o.Replicas ? (int)Math.Min(int.MaxValue, (coldStartMs / periodMs) + 1) : 1;
                // The rates ahead are computed as the hold asks for them (in chunks), not all 128 up front.
                _lookahead = lookahead;
                _lookaheadFromMs = o.NowMs;
                var held = ScaleEngine.HoldTicks(input, decision, (int)(periodMs / 1000), HoldAhead, _ratesAhead ??= RatesAhead, readyFromTick, out var heldState, discardsStates: true);
                _lookahead = null;
                if (held > 0)
                {
                    _state = heldState;
                    return new PolicyDecision(decision.DesiredReplicas, o.NowMs + ((held + 1) * periodMs)) { SkippedTickMs = periodMs };
                }
            }

            var replicas = decision.DesiredReplicas;
            if (zeroPollMs is not null && o.Replicas == 0 && replicas > 0)
            {
                replicas = Math.Max(spec.MinReplicaCount, 1);
            }

            return new PolicyDecision(replicas, next);
        }
    }
}
