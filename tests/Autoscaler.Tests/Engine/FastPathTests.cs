using Autoscaler.Engine;
using Autoscaler.Model;
using static Autoscaler.Tests.Engine.EngineScript;

namespace Autoscaler.Tests.Engine;

/// <summary>
/// What makes replays fast must not change a decision: unexplained decisions (<see cref="ScaleInput.Explain"/> false)
/// equal explained ones apart from the text, and states stay values (deciding twice from one state gives one answer).
/// </summary>
public sealed class FastPathTests
{
    public static TheoryData<string> Specs => ["keda", "behavior", "per-trigger", "knative", "knative-delay", "fallback"];

    private static ScaledObjectSpec Spec(string kind)
    {
        var spec = NewSpec();
        switch (kind)
        {
            case "behavior":
                spec = NewSpec(min: 1, behavior: new HpaBehavior { ScaleUp = Rules(window: 30, select: "Min", ("Pods", 2, 15), ("Percent", 50, 30)), ScaleDown = Rules(window: 60, policies: ("Pods", 1, 20)) });
                break;
            case "per-trigger":
                spec.Triggers = [new ScaleTrigger { Type = "demo", Name = "q", Behavior = new HpaBehavior { ScaleDown = Rules(window: 45) } }, new ScaleTrigger { Type = "demo", Name = "r" }];
                break;
            case "knative":
                spec.PollingInterval = 2;
                spec.Knative = new KnativeScaling();
                break;
            case "knative-delay":
                spec.PollingInterval = 2;
                spec.Knative = new KnativeScaling { ScaleDownDelay = "20s", ActivationScale = 2 };
                break;
            case "fallback":
                spec.Fallback = new Fallback { FailureThreshold = 2, Replicas = 4 };
                break;
        }

        return spec;
    }

    /// <summary>A deterministic demand script: ramps, bursts, silences and failed reads.</summary>
    private static Autoscaler.Engine.TriggerSample[] Reads(string kind, int step)
    {
        var value = step % 97 < 20 ? 0 : step % 13 == 0 ? 400 : (step * 29 % 83) + 0.1 * (step % 7);
        double? read = kind == "fallback" && step % 11 < 4 ? null : value;
        return kind == "per-trigger" ? [Q(read), Q(value / 3, name: "r", index: 1)] : [Q(read)];
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Unexplained_SameDecisionsAsExplained_TextEmpty(string kind)
    {
        var explained = new EngineScript(Spec(kind), 1);
        var spec = explained.Spec;
        var current = 1;
        var state = ScalerState.New(T0);
        var engine = new ScaleEngine();
        var changes = 0;
        for (var step = 0; step < 600; step++)
        {
            var at = T0.AddSeconds(step * (kind.StartsWith("knative", StringComparison.Ordinal) ? 2 : 15));
            var a = explained.At(at, Reads(kind, step));
            var b = engine.Decide(new ScaleInput(spec, Reads(kind, step), current, state, at) { Explain = false });
            Assert.Equal((a.DesiredReplicas, a.Reason, a.IsActive, a.Fallback is null), (b.DesiredReplicas, b.Reason, b.IsActive, b.Fallback is null));
            Assert.Equal(a.Recommendations.Select(r => r.Replicas), b.Recommendations.Select(r => r.Replicas));
            Assert.NotEqual("", a.Message);
            Assert.Equal("", b.Message);
            changes += b.DesiredReplicas != current ? 1 : 0;
            current = b.DesiredReplicas;
            state = b.State;
        }

        Assert.True(changes > 10, $"the script scales ({changes} changes)");
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void SameStateTwice_SameDecision(string kind)
    {
        var script = new EngineScript(Spec(kind), 1);
        var engine = new ScaleEngine();
        var step = 0;
        for (; step < 120; step++)
        {
            script.At(T0.AddSeconds(step * 2), Reads(kind, step));
        }

        // Two branches from one state: the second must not see what the first appended.
        var state = script.State;
        var at = T0.AddSeconds(step * 2);
        var first = engine.Decide(new ScaleInput(script.Spec, [Q(900)], script.Current, state, at));
        var second = engine.Decide(new ScaleInput(script.Spec, [Q(0)], script.Current, state, at));
        var again = engine.Decide(new ScaleInput(script.Spec, [Q(900)], script.Current, state, at));
        Assert.Equal((first.DesiredReplicas, first.Reason, first.Message), (again.DesiredReplicas, again.Reason, again.Message));
        Assert.NotEqual(first.Message, second.Message);
        var next = T0.AddSeconds((step + 1) * 2);
        var afterFirst = engine.Decide(new ScaleInput(script.Spec, [Q(5)], script.Current, first.State, next));
        var afterAgain = engine.Decide(new ScaleInput(script.Spec, [Q(5)], script.Current, again.State, next));
        Assert.Equal((afterFirst.DesiredReplicas, afterFirst.Reason, afterFirst.Message), (afterAgain.DesiredReplicas, afterAgain.Reason, afterAgain.Message));
    }

    [Fact]
    public void Knative_AveragesOnCountBoundaries_SameDecisionsAsExplained()
    {
        // Reads whose stable average lands within a few ulps of a count boundary (average / 70 % = k + 1e-9, where
        // ReplicaMath.Ceil steps): the unexplained decision cannot take the count from its fixed-point window sum
        // there and must add the window up in order, as the explained one does.
        var explained = new EngineScript(Spec("knative"), 1);
        var engine = new ScaleEngine();
        var state = ScalerState.New(T0);
        var current = 1;
        for (var step = 0; step < 900; step++)
        {
            var k = 1 + (step / 45 % 7);
            var value = 10 * 0.7 * (k + 1e-9) * (step % 45 < 40 ? 1 : 1 + (1e-15 * (step % 3)));
            var at = T0.AddSeconds(step * 2);
            var a = explained.At(at, [Q(value)]);
            var b = engine.Decide(new ScaleInput(explained.Spec, [Q(value)], current, state, at) { Explain = false });
            Assert.Equal((a.DesiredReplicas, a.Reason), (b.DesiredReplicas, b.Reason));
            current = b.DesiredReplicas;
            state = b.State;
        }

        Assert.True(current > 1, "the reads scale the object");
    }

    public static TheoryData<string> RestSpecs => ["keda", "knative", "knative-delay"];

    [Theory]
    [MemberData(nameof(RestSpecs))]
    public void AtRest_SkippingTicks_SameDecisionsAsDecidingEveryTick(string kind)
    {
        // Activity, then silence until the object rests at zero; from the first state at rest, one branch decides
        // every tick through ten quiet minutes and the other skips them; then both see the same burst and ramp.
        var spec = Spec(kind);
        var tick = kind.StartsWith("knative", StringComparison.Ordinal) ? 2 : 15;
        var engine = new ScaleEngine();
        var state = ScalerState.New(T0);
        var current = 0;
        var at = T0;
        var atRest = false;
        for (var step = 0; step < 400 && !atRest; step++, at = at.AddSeconds(tick))
        {
            var input = new ScaleInput(spec, [Q(step < 40 ? 25 + (step % 9) : 0)], current, state, at) { Explain = false, ReadyReplicas = current };
            var decision = engine.Decide(input);
            atRest = step >= 40 && ScaleEngine.IsAtRest(input, decision);
            Assert.False(step < 40 && ScaleEngine.IsAtRest(input, decision), "not at rest while there is demand");
            (state, current) = (decision.State, decision.DesiredReplicas);
        }

        Assert.True(atRest, "the object comes to rest");
        var everyTick = state;
        var quietTicks = 600 / tick;
        for (var i = 0; i < quietTicks; i++)
        {
            var input = new ScaleInput(spec, [Q(0)], 0, everyTick, at.AddSeconds(i * tick)) { Explain = false, ReadyReplicas = 0 };
            var decision = engine.Decide(input);
            Assert.Equal((0, ScaleReason.Idle), (decision.DesiredReplicas, decision.Reason));
            Assert.True(ScaleEngine.IsAtRest(input, decision));
            everyTick = decision.State;
        }

        var skipped = state;
        (int, int) currents = (0, 0);
        for (var i = 0; i < 200; i++)
        {
            var now = at.AddSeconds((quietTicks + i) * tick);
            var read = Q(i < 5 ? 400 : (i * 7 % 30) + 1);
            var a = engine.Decide(new ScaleInput(spec, [read], currents.Item1, everyTick, now) { Explain = false, ReadyReplicas = currents.Item1 });
            var b = engine.Decide(new ScaleInput(spec, [read], currents.Item2, skipped, now) { Explain = false, ReadyReplicas = currents.Item2 });
            Assert.Equal((a.DesiredReplicas, a.Reason, a.IsActive), (b.DesiredReplicas, b.Reason, b.IsActive));
            (everyTick, skipped, currents) = (a.State, b.State, (a.DesiredReplicas, b.DesiredReplicas));
        }

        Assert.True(currents.Item1 > 1, "the burst scales the object up");
    }

    [Fact]
    public void NotAtRest_WithReplicasOrDemand()
    {
        var spec = Spec("knative");
        var engine = new ScaleEngine();
        var withDemand = new ScaleInput(spec, [Q(5)], 0, ScalerState.New(T0), T0) { Explain = false };
        Assert.False(ScaleEngine.IsAtRest(withDemand, engine.Decide(withDemand)));
        var running = new ScaleInput(spec, [Q(0)], 2, ScalerState.New(T0), T0) { Explain = false };
        Assert.False(ScaleEngine.IsAtRest(running, engine.Decide(running)));
        var idle = new ScaleInput(spec, [Q(0)], 0, ScalerState.New(T0), T0) { Explain = false };
        Assert.True(ScaleEngine.IsAtRest(idle, engine.Decide(idle)));
    }

    [Fact]
    public void AppendWindow_AppendToOlderWindow_CopiesAndLeavesNewerUnchanged()
    {
        var a = default(AppendWindow<int>).Append(1).Append(2);
        var b = a.Append(3);
        var c = a.Append(4); // a second append to the same window: its own copy
        Assert.Equal([1, 2], a.AsSpan().ToArray());
        Assert.Equal([1, 2, 3], b.AsSpan().ToArray());
        Assert.Equal([1, 2, 4], c.AsSpan().ToArray());
        var dropped = b.DropOldest(2).Append(5);
        Assert.Equal([3, 5], dropped.AsSpan().ToArray());
        Assert.Equal([1, 2, 3], b.AsSpan().ToArray());
        var many = a;
        for (var i = 0; i < 100; i++)
        {
            many = many.DropOldest(many.Count > 10 ? 1 : 0).Append(i);
        }

        Assert.Equal(Enumerable.Range(89, 11), many.AsSpan().ToArray());
        Assert.Equal([1, 2], a.AsSpan().ToArray());
    }

    [Fact]
    public void AppendWindow_AppendRangeInPlace_MovesToTheFrontOnlyWhenNewestAndFull()
    {
        var full = default(AppendWindow<int>);
        for (var i = 0; i < 16; i++)
        {
            full = full.Append(i); // one 16-entry buffer, now full
        }

        // Newest window of a full buffer: its entries move to the front, the items follow, in the same buffer (the
        // older windows read what was written over them).
        var moved = full.DropOldest(12).AppendRangeInPlace([100, 101, 102]);
        Assert.Equal([12, 13, 14, 15, 100, 101, 102], moved.AsSpan().ToArray());
        Assert.Equal([12, 13, 14, 15, 100, 101, 102], full.AsSpan()[..7].ToArray());

        // Room at the end: appended there, as AppendRange does.
        var after = moved.AppendRangeInPlace([7]);
        Assert.Equal([12, 13, 14, 15, 100, 101, 102, 7], after.AsSpan().ToArray());
        Assert.Equal([12, 13, 14, 15, 100, 101, 102], moved.AsSpan().ToArray());

        // Not the newest window (something was appended after it): a copy, and the newer window is unchanged.
        var older = default(AppendWindow<int>);
        for (var i = 0; i < 10; i++)
        {
            older = older.Append(i);
        }

        var newer = older.Append(10);
        var copied = older.DropOldest(5).AppendRangeInPlace([20, 21, 22, 23, 24, 25, 26]);
        Assert.Equal([5, 6, 7, 8, 9, 20, 21, 22, 23, 24, 25, 26], copied.AsSpan().ToArray());
        Assert.Equal(Enumerable.Range(0, 11), newer.AsSpan().ToArray());
        Assert.Equal(Enumerable.Range(0, 10), older.AsSpan().ToArray());
    }
}
