using Autoscaler.Actuation;
using Autoscaler.Engine;
using Autoscaler.Model;
using Autoscaler.Runtime;
using Autoscaler.Runtime.Prediction;
using Autoscaler.Scaling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Autoscaler.Tests.Runtime;

/// <summary>
/// <c>spec.prediction.group</c> in the runtime: the predictors of one group (per namespace) see each other's wakes
/// through the store's shared board, turn by turn as the workers call them.
/// </summary>
public sealed class PredictionGroupTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
    private static readonly MetricSpec PerReplica = new("s0-demand", 1, 0, MetricTargetType.AverageValue);
    private static readonly ScaleTargetState AtZero = new(0, 0, 0);

    private static ScaledObject Object(string ns, string name, string? group) => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name },
        Spec = new ScaledObjectSpec
        {
            PollingInterval = 30,
            ScaleTargetRef = new ScaleTargetRef { Name = name },
            Triggers = [new ScaleTrigger { Type = "demo" }],
            Prediction = new PredictionSpec { Mode = PredictionSpec.ModeActive, Group = group },
        },
    };

    private static TriggerSample Sample(double value) => new(0, "demo", PerReplica, value, value > 0, null);

    [Fact]
    public void AMemberThatAlwaysFollowsItsSiblingsWake_IsWarmedOnTheNextWake_OutsideTheGroupItIsNot()
    {
        using var store = new PredictorStore(Options.Create(new AutoscalerOptions { DataPath = "" }), NullLoggerFactory.Instance);
        var api = store.Get(Object("shop", "api", "checkout"))!;
        var worker = store.Get(Object("shop", "worker", "checkout"))!;
        var sameNameOtherNamespace = store.Get(Object("audit", "worker", "checkout"))!; // same group name, another namespace
        var noGroup = store.Get(Object("shop", "mailer", null))!;

        // Every few hours the api wakes, and a minute later the others get demand; in between everything is idle.
        var t = T0;
        foreach (var hours in new[] { 5, 7, 5.5, 6.5 })
        {
            for (var turn = 0; turn < hours * 120; turn++)
            {
                var now = t + TimeSpan.FromSeconds(30 * turn);
                api.Prepare(now, [Sample(turn == 0 ? 1 : 0)], AtZero);
                foreach (var follower in new[] { worker, sameNameOtherNamespace, noGroup })
                {
                    follower.Prepare(now, [Sample(turn == 2 ? 1 : 0)], AtZero);
                }
            }

            t += TimeSpan.FromHours(hours);
        }

        // The api wakes again; the followers' next turns come just after it (ready one lead time before the lag).
        api.Prepare(t, [Sample(1)], AtZero);
        var next = t + TimeSpan.FromSeconds(30);
        var warmed = worker.Prepare(next, [Sample(0)], AtZero);
        var apart = sameNameOtherNamespace.Prepare(next, [Sample(0)], AtZero);
        var alone = noGroup.Prepare(next, [Sample(0)], AtZero);

        Assert.NotNull(warmed);
        Assert.Equal(1, warmed.Forecast.WarmMinimumFromZero);
        Assert.Contains("sibling api", warmed.Forecast.Group, StringComparison.Ordinal);
        Assert.Equal(0, apart!.Forecast.WarmMinimumFromZero);
        Assert.Null(sameNameOtherNamespace.Predictor.Group); // it never heard of the other namespace's members
        Assert.Equal(0, alone!.Forecast.WarmMinimumFromZero);
        Assert.Null(noGroup.Predictor.Group);

        // The engine acts on it: from zero to the warm replica before the worker's demand arrives.
        var spec = Object("shop", "worker", "checkout").Spec;
        var decision = new ScaleEngine().Decide(new ScaleInput(spec, [Sample(0)], 0, ScalerState.New(next), next) { Prediction = warmed });
        Assert.Equal(1, decision.DesiredReplicas);
        Assert.Contains("sibling api", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMemberThatJoinsLater_ReadsOnlyWhatIsPostedFromThenOn()
    {
        var board = new PredictionGroups();
        board.Post("shop", "checkout", "api", T0, wake: true);
        var joined = board.End("shop", "checkout");
        board.Post("shop", "checkout", "api", T0 + TimeSpan.FromMinutes(1), wake: false);
        board.Post("shop", "checkout", "worker", T0 + TimeSpan.FromMinutes(1), wake: true);
        board.Post("shop", "other", "api", T0 + TimeSpan.FromMinutes(1), wake: true);

        var seen = new List<GroupEvent>();
        var cursor = board.Read("shop", "checkout", "worker", joined, seen);

        Assert.Equal([new GroupEvent("api", T0 + TimeSpan.FromMinutes(1), false)], seen); // not its own, not the other group's, not before it joined
        Assert.Equal(3, cursor);
        seen.Clear();
        Assert.Equal(3, board.Read("shop", "checkout", "worker", cursor, seen));
        Assert.Empty(seen);
    }
}
