using Autoscaler.Engine;
using Autoscaler.Engine.Stages;
using Autoscaler.Model;
using static Autoscaler.Tests.Engine.EngineScript;

namespace Autoscaler.Tests.Engine;

/// <summary>
/// <see cref="ScaleEngine.HoldTicks"/>: every tick it says holds decides the same count when decided on its own, and
/// the state it returns is the state deciding each of them leaves (same buckets, exact window sum, panic and last
/// active times, scale events), so the replay may skip them.
/// </summary>
public sealed class KnativeHoldTests
{
    private const int Tick = 2;

    public static TheoryData<string> Kinds => ["default", "activation", "short-window"];

    private static ScaledObjectSpec Spec(string kind)
    {
        var spec = NewSpec(max: 1000);
        spec.PollingInterval = Tick;
        spec.Knative = kind switch
        {
            "activation" => new KnativeScaling { ActivationScale = 3 },
            "short-window" => new KnativeScaling { StableWindow = "20s", PanicWindowPercentage = 30 },
            _ => new KnativeScaling(),
        };
        return spec;
    }

    /// <summary>
    /// Reads as the replay makes them: a level per minute with noise in the last bits (rates from cumulative sums),
    /// levels right on count boundaries (stable average / 70 % = k, give or take 1e-9), bursts that start panic,
    /// silences, and slow ramps that cross boundaries in the middle of a minute.
    /// </summary>
    private static double Read(int step)
    {
        var minute = step / 30;
        var level = (minute % 13) switch
        {
            0 or 12 => 0,
            3 => 400,
            7 => 10 * 0.7 * (2 + (step % 30 / 10.0)),
            _ => 10 * 0.7 * (1 + (minute * 7 % 11)) * (minute % 4 == 1 ? 1 + 1e-9 : 1),
        };
        return level * (1 + ((((step * 2654435761L) % 7) - 3) * 2.2e-16));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void HeldTicks_DecideTheSame_AndLeaveTheSameState(string kind)
    {
        // Pods take one tick to become ready, as in the replay with a 2 s cold start: a tick sees the pods a scale-up
        // started only from the second tick after it; a scale-down removes ready pods at once.
        var spec = Spec(kind);
        var engine = new ScaleEngine();
        var state = ScalerState.New(T0);
        var current = 0;
        var ready = 0;
        int holds = 0, held = 0, panicHolds = 0, graceHolds = 0, changeHolds = 0;
        var ahead = new double[40];
        for (var step = 0; step < 30 * 60;)
        {
            var now = T0.AddSeconds(step * Tick);
            var input = new ScaleInput(spec, [Q(Read(step))], current, state, now) { Explain = false, ReadyReplicas = ready };
            var decision = engine.Decide(input);
            for (var j = 0; j < ahead.Length; j++)
            {
                ahead[j] = Read(step + j + 1);
            }

            var desired = decision.DesiredReplicas;
            var readyFromTick = desired > current ? 2 : 1;
            var n = 0;
            var heldState = decision.State;
            if (ready == current)
            {
                n = desired == current
                    ? ScaleEngine.HoldTicks(input, decision, Tick, ahead, out heldState)
                    : ScaleEngine.HoldTicks(input, decision, Tick, ahead, readyFromTick, out heldState);
            }

            if (ready == current)
            {
                // The same hold with the values asked for in chunks, as the replay does: the same ticks and state, and
                // no values asked for beyond the chunk of the tick where the hold ends.
                var asked = 0;
                var lazy = ScaleEngine.HoldTicks(input, decision, Tick, ahead.Length, (first, values) =>
                {
                    Assert.Equal(asked + 1, first);
                    for (var k = 0; k < values.Length; k++)
                    {
                        values[k] = Read(step + first + k);
                    }

                    asked += values.Length;
                }, readyFromTick, out var lazyState);
                Assert.Equal(n, lazy);
                AssertSameState(heldState, lazyState);
                Assert.InRange(asked, n, Math.Min(ahead.Length, ((n / 16) + 1) * 16));
            }

            var reference = decision.State;
            for (var j = 1; j <= n; j++)
            {
                // The reference: each held tick decided on its own, explained (it adds up the window in order).
                var each = engine.Decide(new ScaleInput(spec, [Q(ahead[j - 1])], desired, reference, now.AddSeconds(j * Tick)) { ReadyReplicas = j < readyFromTick ? ready : desired });
                Assert.Equal(desired, each.DesiredReplicas);
                reference = each.State;
            }

            AssertSameState(reference, heldState);
            holds += n > 0 ? 1 : 0;
            panicHolds += n > 0 && decision.Reason == ScaleReason.KnativePanic ? 1 : 0;
            graceHolds += n > 0 && decision.Reason == ScaleReason.ScaleToZeroGrace ? 1 : 0;
            changeHolds += n > 0 && desired != current ? 1 : 0;
            held += n;
            ready = desired < current || n + 1 >= readyFromTick ? desired : ready;
            current = desired;
            state = heldState;
            step += n + 1;
        }

        Assert.True(holds > 20 && held > 500, $"decisions hold for many ticks ({holds} holds, {held} ticks)");
        Assert.True(panicHolds > 0, "some holds are in panic mode");
        Assert.True(graceHolds > 0, "some holds are in the scale-to-zero grace period");
        Assert.True(changeHolds > 0, "some holds start at a decision that changes the count");
    }

    [Fact]
    public void NoHold_WhenTheCountChangesOrNotKnative()
    {
        var engine = new ScaleEngine();
        var spec = Spec("default");
        var scaleUp = new ScaleInput(spec, [Q(35)], 1, ScalerState.New(T0), T0) { Explain = false, ReadyReplicas = 1 };
        Assert.Equal(0, ScaleEngine.HoldTicks(scaleUp, engine.Decide(scaleUp), Tick, [35, 35, 35], out _));
        var hpa = new ScaleInput(NewSpec(), [Q(35)], 4, ScalerState.New(T0), T0) { Explain = false, ReadyReplicas = 4 };
        var decision = engine.Decide(hpa);
        Assert.Equal(0, ScaleEngine.HoldTicks(hpa, decision, Tick, [35, 35, 35], out var state));
        Assert.Same(decision.State, state);
        var delay = Spec("default");
        delay.Knative!.ScaleDownDelay = "30s";
        var delayed = new ScaleInput(delay, [Q(0)], 1, ScalerState.New(T0), T0) { Explain = false, ReadyReplicas = 1 };
        Assert.Equal(0, ScaleEngine.HoldTicks(delayed, engine.Decide(delayed), Tick, [0, 0, 0], out _));
    }

    [Fact]
    public void FixedPoint_FromTheBits_SameAsTheConversion()
    {
        var random = new Random(7);
        double[] edges = [0, -0.0, double.Epsilon, 1e-300, 5.421010862427522E-20, 1, 0.7, 1e-5, 3.0000000000000004, 1125899906842623.9, 1125899906842624, 1.0 / 3];
        var values = edges.Concat(Enumerable.Range(0, 20000).Select(i => Math.Pow(2, (random.NextDouble() * 120) - 70) * random.NextDouble()));
        foreach (var x in values)
        {
            var expected = x >= 0 && x < 1125899906842624.0 ? (Int128)(x * 18446744073709551616.0) : (Int128?)null;
            var ok = KnativeStage.TryFixed(x, out var actual);
            Assert.Equal(expected, ok ? actual : null);
        }
    }

    [Fact]
    public void AppendRange_SameAsAppendingEach()
    {
        var a = default(AppendWindow<int>).Append(1).Append(2);
        var b = a.AppendRange([3, 4, 5]);
        var c = a.AppendRange([6]); // a second append to the same window: its own copy
        var d = b.AppendRange(Enumerable.Range(10, 100).ToArray()); // past the buffer
        Assert.Equal([1, 2], a.AsSpan().ToArray());
        Assert.Equal([1, 2, 3, 4, 5], b.AsSpan().ToArray());
        Assert.Equal([1, 2, 6], c.AsSpan().ToArray());
        Assert.Equal([1, 2, 3, 4, 5, .. Enumerable.Range(10, 100)], d.AsSpan().ToArray());
        Assert.Equal(b, b.AppendRange([]));
    }

    private static void AssertSameState(ScalerState expected, ScalerState actual)
    {
        Assert.Equal(expected.LastActiveTime, actual.LastActiveTime);
        Assert.Equal(expected.ConsecutiveFailures, actual.ConsecutiveFailures);
        Assert.Equal(expected.TriggerFailures.ToArray(), actual.TriggerFailures.ToArray());
        Assert.Equal(expected.ScaleUpEvents.ToArray(), actual.ScaleUpEvents.ToArray());
        Assert.Equal(expected.ScaleDownEvents.ToArray(), actual.ScaleDownEvents.ToArray());
        Assert.Equal(expected.Recommendations.AsSpan().ToArray(), actual.Recommendations.AsSpan().ToArray());
        var e = expected.Knative!;
        var a = actual.Knative!;
        Assert.Equal(e.Buckets.AsSpan().ToArray(), a.Buckets.AsSpan().ToArray());
        Assert.Equal((e.WindowSeconds, e.FirstWrite, e.LastWrite, e.PanicTime, e.MaxPanicPods, e.ZeroSince), (a.WindowSeconds, a.FirstWrite, a.LastWrite, a.PanicTime, a.MaxPanicPods, a.ZeroSince));
        Assert.Equal(e.Delay.ToArray(), a.Delay.ToArray());
        Assert.Equal((e.HasWindowSum, e.WindowSum), (a.HasWindowSum, a.WindowSum));
        Assert.True(a.SummedBuckets == a.Buckets, "the held state's sum covers its buckets");
    }
}
