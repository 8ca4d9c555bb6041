using Autoscaler.Actuation;
using Autoscaler.Engine;
using Autoscaler.Model;
using Autoscaler.Runtime;
using Autoscaler.Runtime.Prediction;
using Autoscaler.Scaling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Autoscaler.Tests.Runtime;

/// <summary>The runtime's per-object predictors: history saved under the data folder and read back; a bad file starts empty.</summary>
public sealed class PredictionPersistenceTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
    private static readonly MetricSpec PerReplica = new("s0-demand", 2, 0, MetricTargetType.AverageValue);
    private readonly string _data = Directory.CreateTempSubdirectory("autoscaler-prediction-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private PredictorStore Store() => new(Options.Create(new AutoscalerOptions { DataPath = _data }), NullLoggerFactory.Instance);

    private static ScaledObject Object(string mode = PredictionSpec.ModeActive, string demand = PredictionSpec.DemandLevel) => new()
    {
        Metadata = new ObjectMeta { Namespace = "shop", Name = "orders" },
        Spec = new ScaledObjectSpec
        {
            PollingInterval = 30,
            ScaleTargetRef = new ScaleTargetRef { Name = "orders" },
            Triggers = [new ScaleTrigger { Type = "demo" }],
            Prediction = new PredictionSpec { Mode = mode, Demand = demand },
        },
    };

    private static TriggerSample Sample(double value) => new(0, "demo", PerReplica, value, value > 0, null);

    private static void Feed(ObjectPredictor predictor, int turns)
    {
        for (var i = 0; i < turns; i++)
        {
            predictor.Prepare(T0 + TimeSpan.FromSeconds(30 * i), [Sample(2 * (i % 7))], new ScaleTargetState(1, 1, 1));
        }
    }

    [Fact]
    public void History_SurvivesARestart_ThroughTheDataFolder()
    {
        double[] before;
        using (var store = Store())
        {
            var predictor = store.Get(Object())!;
            Feed(predictor, 200);
            before = predictor.Predictor.History.ToArray();
        }

        Assert.True(File.Exists(Path.Combine(_data, "prediction", "shop", "orders.history")));
        using var restarted = Store();
        var loaded = restarted.Get(Object())!;

        Assert.Equal(before.Length, loaded.Predictor.History.Count);
        Assert.Equal(before, loaded.Predictor.History.ToArray());
        Assert.Equal(1.0, before[1]); // demand in replicas: value 2 over its per-replica target 2
    }

    [Fact]
    public void CorruptHistory_StartsEmpty_AndTheObjectScalesReactively()
    {
        var file = Path.Combine(_data, "prediction", "shop", "orders.history");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "this is not a history file");
        using var store = Store();

        var predictor = store.Get(Object())!;
        Assert.True(predictor.Predictor.History.IsEmpty);

        var spec = Object().Spec;
        var input = predictor.Prepare(T0, [Sample(9)], new ScaleTargetState(0, 0, 0));
        var engine = new ScaleEngine();
        var predicted = engine.Decide(new ScaleInput(spec, [Sample(9)], 0, ScalerState.New(T0), T0) { Prediction = input });
        var reactive = engine.Decide(new ScaleInput(spec, [Sample(9)], 0, ScalerState.New(T0), T0));
        Assert.Equal(reactive.DesiredReplicas, predicted.DesiredReplicas);
        Assert.Equal(reactive.Reason, predicted.Reason);
    }

    [Fact]
    public void PredictionOff_HasNoPredictor()
    {
        using var store = Store();

        Assert.Null(store.Get(Object(PredictionSpec.ModeOff)));
        Assert.NotNull(store.Get(Object(PredictionSpec.ModePreview)));
    }

    [Fact]
    public void LeadTime_IsLearnedFromTheTimeTheTargetsPodsTakeToBecomeReady()
    {
        using var store = Store();
        var predictor = store.Get(Object())!;
        var now = T0;
        for (var i = 0; i < 6; i++)
        {
            // Asked for one more pod; it reports ready 40 s later (two turns at 30 s would see it at 60 s).
            predictor.Scaled(now, 0, 1);
            predictor.Prepare(now + TimeSpan.FromSeconds(20), [Sample(2)], new ScaleTargetState(1, 1, 0));
            predictor.Prepare(now + TimeSpan.FromSeconds(40), [Sample(2)], new ScaleTargetState(1, 1, 1));
            predictor.Prepare(now + TimeSpan.FromSeconds(50), [Sample(0)], new ScaleTargetState(0, 0, 0));
            now += TimeSpan.FromMinutes(5);
        }

        Assert.True(predictor.Predictor.LeadTime.IsLearned);
        Assert.Equal(TimeSpan.FromSeconds(40), predictor.Predictor.CurrentLeadTime);
    }

    [Theory]
    [InlineData(PredictionSpec.DemandRate, true)]
    [InlineData(PredictionSpec.DemandLevel, false)]
    public void A_rate_above_the_ready_replicas_becomes_a_backlog_and_a_level_does_not(string demand, bool backlog)
    {
        using var store = Store();
        var predictor = store.Get(Object(demand: demand))!;

        // 8 per second over a per-replica target of 2 = 4 replicas of demand, with 1 ready for a minute.
        predictor.Prepare(T0, [Sample(8)], new ScaleTargetState(1, 1, 1));
        predictor.Prepare(T0 + TimeSpan.FromSeconds(30), [Sample(8)], new ScaleTargetState(4, 4, 1));
        predictor.Prepare(T0 + TimeSpan.FromSeconds(60), [Sample(8)], new ScaleTargetState(4, 4, 1));

        Assert.Equal(backlog ? 2 * 30 * (4 - 1) : 0, predictor.Predictor.Backlog, 6); // replica-seconds not served
    }
}
