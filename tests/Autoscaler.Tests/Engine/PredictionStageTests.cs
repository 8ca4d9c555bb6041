using Autoscaler.Engine;
using Autoscaler.Model;
using Autoscaler.Prediction;
using Autoscaler.Scaling;

namespace Autoscaler.Tests.Engine;

/// <summary>
/// The prediction stage of the real engine, fed by a real <see cref="WorkloadPredictor"/> that sees only the past:
/// every tick the workload's demand goes to the predictor, the predictor refits on its own schedule, and the engine
/// decides once with the forecast and once without it (the reactive answer) from the same input.
/// </summary>
public sealed class PredictionStageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(30);
    private static readonly MetricSpec PerReplica = new("s0-demand", 1, 0, MetricTargetType.AverageValue);
    private static readonly ScaleEngine Engine = new();

    private static ScaledObjectSpec Spec(string mode, int cooldown = 300, double cap = 10) => new()
    {
        PollingInterval = 30,
        CooldownPeriod = cooldown,
        MinReplicaCount = 0,
        MaxReplicaCount = 50,
        Triggers = [new ScaleTrigger { Type = "demo", Name = "demand" }],
        Prediction = mode == PredictionSpec.ModeOff ? null : new PredictionSpec { Mode = mode, MaxScaleUpFactor = cap },
    };

    /// <summary>30 minutes at 1 replica of demand, then 30 minutes at 6: a one-hour period.</summary>
    private static double SquareWave(DateTimeOffset t) => (t - T0).TotalMinutes % 60 < 30 ? 1 : 6;

    /// <summary>One minute of demand every 20 minutes, idle in between.</summary>
    private static double Sparse(DateTimeOffset t) => (t - T0).TotalMinutes % 20 < 1 ? 1 : 0;

    [Fact]
    public void Forecast_RaisesReplicasAheadOfAPeriodicRise_WhileTheReactiveRulesStillWantTheLowCount()
    {
        var run = new Run(Spec(PredictionSpec.ModeActive), SquareWave);
        run.Until(T0 + TimeSpan.FromDays(2));
        var rise = T0 + TimeSpan.FromDays(2) + TimeSpan.FromMinutes(30);

        var (withForecast, reactive) = run.Until(rise - TimeSpan.FromSeconds(60));

        Assert.Equal(1, reactive.DesiredReplicas);
        Assert.Equal(ScaleReason.Predicted, withForecast.Reason);
        Assert.InRange(withForecast.DesiredReplicas, 6, 12);
        Assert.True(withForecast.Prediction!.FromForecast);
        Assert.Contains("raised from reactive 1", withForecast.Message, StringComparison.Ordinal);
        Assert.InRange(withForecast.Prediction.Forecast.Period!.Value.TotalMinutes, 59.5, 60.5);
    }

    [Fact]
    public void Forecast_NeverLowersReplicasBelowTheReactiveAnswer_EvenOnUnforecastSpikes()
    {
        // The square wave with a spike to 20 every 97 minutes: the forecast never sees it coming.
        static double Spiky(DateTimeOffset t) => (t - T0).TotalMinutes % 97 < 2 ? 20 : SquareWave(t);
        var run = new Run(Spec(PredictionSpec.ModeActive), Spiky);
        var compared = 0;
        var raised = 0;
        run.EachTick = (withForecast, reactive) =>
        {
            Assert.True(withForecast.DesiredReplicas >= reactive.DesiredReplicas, $"{withForecast.DesiredReplicas} < reactive {reactive.DesiredReplicas}: {withForecast.Message}");
            compared++;
            raised += withForecast.DesiredReplicas > reactive.DesiredReplicas ? 1 : 0;
        };

        run.Until(T0 + TimeSpan.FromDays(2));

        Assert.Equal((2 * 24 * 120) + 1, compared);
        Assert.True(raised > 0, "the forecast raised replicas at least once");
    }

    [Fact]
    public void Preview_ReportsTheForecast_ButEveryDecisionIsTheReactiveOne()
    {
        var run = new Run(Spec(PredictionSpec.ModePreview), SquareWave);
        var previewed = 0;
        run.EachTick = (withForecast, reactive) =>
        {
            Assert.Equal(reactive.DesiredReplicas, withForecast.DesiredReplicas);
            Assert.Equal(reactive.Reason, withForecast.Reason);
            Assert.False(withForecast.Prediction!.FromForecast);
            previewed += withForecast.Prediction.Predictive > reactive.DesiredReplicas ? 1 : 0;
        };

        var (last, _) = run.Until(T0 + TimeSpan.FromDays(2) + TimeSpan.FromMinutes(29));

        Assert.True(previewed > 0, "the forecast would have raised replicas at least once");
        Assert.Contains("preview:", last.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoHistory_DecidesExactlyAsTheReactiveEngine()
    {
        var spec = Spec(PredictionSpec.ModeActive);
        var options = PredictorOptions.FromSpec(spec.Prediction!, spec.PollingInterval);
        var predictor = new WorkloadPredictor(options);
        var reactiveSpec = Spec(PredictionSpec.ModeOff);
        var state = ScalerState.New(T0);
        var reactiveState = ScalerState.New(T0);
        var current = 0;
        double[] values = [0, 3, 3, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 1];
        for (var i = 0; i < values.Length; i++)
        {
            var now = T0 + (Tick * i);
            var sample = new TriggerSample(0, "demand", PerReplica, values[i], values[i] > 0, null);
            var withForecast = Engine.Decide(new ScaleInput(spec, [sample], current, state, now) { Prediction = new PredictionInput(predictor.Forecast(now), options) });
            var reactive = Engine.Decide(new ScaleInput(reactiveSpec, [sample], current, reactiveState, now));

            Assert.Equal(reactive.DesiredReplicas, withForecast.DesiredReplicas);
            Assert.Equal(reactive.Reason, withForecast.Reason);
            Assert.Equal(reactive.Message, withForecast.Message);
            Assert.False(withForecast.Prediction!.FromForecast);
            state = withForecast.State;
            reactiveState = reactive.State;
            current = withForecast.DesiredReplicas;
        }
    }

    [Fact]
    public void ScaleToZero_IsHeldOffWhenDemandIsExpectedWithinLeadTimePlusGrace_AndAllowedFarFromIt()
    {
        var run = new Run(Spec(PredictionSpec.ModeActive, cooldown: 30), Sparse);
        run.Until(T0 + TimeSpan.FromDays(1));
        var cycle = T0 + TimeSpan.FromDays(1);

        var (farFromDemand, reactiveFar) = run.Until(cycle + TimeSpan.FromMinutes(9));
        var (nearDemand, reactiveNear) = run.Until(cycle + TimeSpan.FromMinutes(19) + TimeSpan.FromSeconds(30));

        Assert.Equal(0, reactiveFar.DesiredReplicas);
        Assert.Equal(0, farFromDemand.DesiredReplicas);
        Assert.Equal(0, reactiveNear.DesiredReplicas);
        Assert.Equal(1, nearDemand.DesiredReplicas);
        Assert.Equal(ScaleReason.Predicted, nearDemand.Reason);
        Assert.Equal(1, nearDemand.Prediction!.WarmMinimum);
    }

    [Fact]
    public void ForecastSaysNoDemandSoon_ScalesToZeroWithoutWaitingOutTheCooldown_AndComesBackBeforeTheNextInvocation()
    {
        var run = new Run(Spec(PredictionSpec.ModeActive, cooldown: 300), Sparse);
        run.Until(T0 + TimeSpan.FromDays(1));
        var cycle = T0 + TimeSpan.FromDays(1);

        var (during, _) = run.Until(cycle + TimeSpan.FromSeconds(30));
        var (afterActivity, reactiveAfter) = run.Until(cycle + TimeSpan.FromMinutes(1));
        var (beforeNext, _) = run.Until(cycle + TimeSpan.FromMinutes(19) + TimeSpan.FromSeconds(30));

        Assert.Equal(1, during.DesiredReplicas);
        Assert.Equal(1, reactiveAfter.DesiredReplicas);
        Assert.Equal(ScaleReason.CooldownPending, reactiveAfter.Reason);
        Assert.Equal(0, afterActivity.DesiredReplicas);
        Assert.Equal(ScaleReason.ScaledToZero, afterActivity.Reason);
        Assert.Contains("scaled to zero by the forecast", afterActivity.Message, StringComparison.Ordinal);
        Assert.Equal(1, beforeNext.DesiredReplicas);
    }

    [Fact]
    public void WithoutALearnedProbability_TheCooldownStillHoldsTheLastReplica()
    {
        var spec = Spec(PredictionSpec.ModeActive, cooldown: 300);
        var options = PredictorOptions.FromSpec(spec.Prediction!, spec.PollingInterval);
        var predictor = new WorkloadPredictor(options);
        var state = ScalerState.New(T0);
        var current = 0;
        ScaleDecision? last = null;
        for (var i = 0; i < 6; i++)
        {
            var now = T0 + (Tick * i);
            var value = i < 2 ? 1.0 : 0;
            predictor.Observe(now, value);
            var sample = new TriggerSample(0, "demand", PerReplica, value, value > 0, null);
            last = Engine.Decide(new ScaleInput(spec, [sample], current, state, now) { Prediction = new PredictionInput(predictor.Forecast(now), options) });
            state = last.State;
            current = last.DesiredReplicas;
        }

        Assert.Equal(1, last!.DesiredReplicas);
        Assert.Null(last.Prediction!.Forecast.ProbabilityOfDemand);
    }

    /// <summary>A workload run tick by tick: the predictor learns as it goes; two decisions per tick from one input.</summary>
    private sealed class Run(ScaledObjectSpec spec, Func<DateTimeOffset, double> demand)
    {
        private readonly PredictorOptions _options = PredictorOptions.FromSpec(spec.Prediction!, spec.PollingInterval);
        private readonly ScaledObjectSpec _reactiveSpec = new()
        {
            PollingInterval = spec.PollingInterval,
            CooldownPeriod = spec.CooldownPeriod,
            MinReplicaCount = spec.MinReplicaCount,
            MaxReplicaCount = spec.MaxReplicaCount,
            Triggers = spec.Triggers,
        };

        private WorkloadPredictor? _predictor;
        private ScalerState _state = ScalerState.New(T0);
        private DateTimeOffset _now = T0;
        private int _current;

        public Action<ScaleDecision, ScaleDecision>? EachTick { get; set; }

        public (ScaleDecision WithForecast, ScaleDecision Reactive) Until(DateTimeOffset end)
        {
            _predictor ??= new WorkloadPredictor(_options);
            (ScaleDecision, ScaleDecision) last = default;
            for (; _now <= end; _now += Tick)
            {
                var value = demand(_now);
                _predictor.Observe(_now, value);
                if (_predictor.IsRefitDue(_now))
                {
                    _predictor.Refit(_now);
                }

                var sample = new TriggerSample(0, "demand", PerReplica, value, value > 0, null);
                var withForecast = Engine.Decide(new ScaleInput(spec, [sample], _current, _state, _now)
                {
                    Prediction = new PredictionInput(_predictor.Forecast(_now), _options),
                });
                var reactive = Engine.Decide(new ScaleInput(_reactiveSpec, [sample], _current, _state, _now));
                EachTick?.Invoke(withForecast, reactive);
                _state = withForecast.State;
                _current = withForecast.DesiredReplicas;
                last = (withForecast, reactive);
            }

            return last;
        }
    }
}
