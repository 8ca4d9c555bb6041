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
}
