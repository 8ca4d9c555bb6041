using Autoscaler.Scaling;

namespace Autoscaler.Engine.Stages;

/// <summary>
/// Knative's KPA decision (knative/serving pkg/autoscaler/scaling/autoscaler.go), when <c>spec.knative</c> is set.
/// Each read is recorded into one-second buckets (filling the seconds since the previous read); the observed value
/// is the largest over triggers of value / target (pods at 100 % of target). Then, with ready = max(1, ready pods):
/// stable and panic averages over the stable window (default 60 s) and the panic window (10 % of it);
/// desired = ceil(average / utilization) bounded to [floor(ready / maxScaleDownRate), ceil(ready × maxScaleUpRate)];
/// panic starts when the panic count / ready ≥ threshold (200 %) and lasts a stable window after it last held,
/// never scaling down meanwhile; activation scale is the least count when coming up; the scale-down delay keeps the
/// max of the decisions within it; the last pod goes only after the stable window wanted zero for the
/// scale-to-zero grace period (30 s).
/// </summary>
public sealed class KnativeStage : IScalingStage
{
    /// <inheritdoc />
    public string Name => "knative";

    /// <inheritdoc />
    public void Apply(DecisionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var spec = context.Input.Spec;
        if (spec.Knative is { } k && !context.AllTriggersFailed && context.Fallback is null)
        {
            Decide(context, spec, k); // kept apart so that objects without Knative mode pay only for this check
        }
    }

    private static void Decide(DecisionContext context, Model.ScaledObjectSpec spec, Model.KnativeScaling k)
    {
        var now = context.Now;
        var stableSeconds = Seconds(ref _lastStable, k.StableWindow, 60);
        var panicSeconds = Math.Max(1, (int)Math.Round(stableSeconds * k.PanicWindowPercentage / 100));
        var utilization = k.TargetUtilizationPercentage / 100;
        var current = context.Current;
        var ready = Math.Max(1, context.Input.ReadyReplicas ?? current);

        // The observed value, in pods at 100 % of target.
        var observed = 0.0;
        foreach (var sample in context.Input.Triggers)
        {
            if (sample.Value is { } v && sample.Metric is { } m && !sample.HasFailed)
            {
                var pods = m.TargetType == MetricTargetType.Value ? v / m.Target * Math.Max(current, 1) : v / m.Target;
                observed = Math.Max(observed, pods);
            }
        }

        var state = context.State.Knative ?? NoState;
        var window = Record(state, stableSeconds, now.ToUnixTimeSeconds(), observed, spec.PollingInterval);
        var second = now.ToUnixTimeSeconds();
        var stable = Average(window, second, stableSeconds);
        var panic = Average(window, second, panicSeconds);
        var dspc = ReplicaMath.Ceil(stable / utilization);
        var dppc = ReplicaMath.Ceil(panic / utilization);
        var maxUp = (int)Math.Min(int.MaxValue, Math.Ceiling(k.MaxScaleUpRate * ready));
        var maxDown = (int)Math.Floor(ready / k.MaxScaleDownRate);
        var desiredStable = Math.Min(Math.Max(dspc, maxDown), maxUp);
        var desiredPanic = Math.Min(Math.Max(dppc, maxDown), maxUp);
        if (k.ActivationScale > 1)
        {
            if (dspc > 0 && k.ActivationScale > desiredStable)
            {
                desiredStable = k.ActivationScale;
            }

            if (dppc > 0 && k.ActivationScale > desiredPanic)
            {
                desiredPanic = k.ActivationScale;
            }
        }

        var panicThreshold = k.PanicThresholdPercentage / 100;
        var over = (double)dppc / ready >= panicThreshold;
        var panicTime = state.PanicTime;
        var maxPanic = state.MaxPanicPods;
        if (over)
        {
            panicTime = now;
        }
        else if (panicTime is { } p && p.AddSeconds(stableSeconds) < now)
        {
            panicTime = null;
            maxPanic = 0;
        }

        int desired;
        ScaleReason reason;
        var explain = context.Explain;
        var message = "";
        var averages = explain
            ? $"stable {ReplicaMath.Format(stable)} / panic {ReplicaMath.Format(panic)} pods-at-target over {stableSeconds}s / {panicSeconds}s, utilization {ReplicaMath.Format(k.TargetUtilizationPercentage)} %"
            : "";
        if (panicTime is not null)
        {
            maxPanic = Math.Max(maxPanic, desiredPanic);
            desired = maxPanic;
            reason = ScaleReason.KnativePanic;
            if (explain)
            {
                message = $"knative panic mode (panic count {dppc} ≥ {ReplicaMath.Format(k.PanicThresholdPercentage)} % of {ready} ready): {averages} → {desired} (no scale-down while panicking)";
            }
        }
        else
        {
            desired = desiredStable;
            reason = ScaleReason.KnativeStable;
            if (explain)
            {
                message = $"knative stable mode: {averages} → {desired} (bounds {maxDown}..{maxUp})";
            }
        }

        // Scale-down delay: the max over the delay window.
        var delaySeconds = Seconds(ref _lastDelay, k.ScaleDownDelay, 0);
        var delay = state.Delay;
        if (delaySeconds > 0)
        {
            delay = HpaBehaviorRules.Append(HpaBehaviorRules.Recent(delay, now, delaySeconds), new TimedCount(now, desired));
            var held = delay.Max(d => d.Count);
            if (held > desired)
            {
                message += explain ? $"; held at {held} by scaleDownDelay {delaySeconds}s" : "";
                desired = held;
            }
        }

        // Scale to zero only after the grace period of wanting zero.
        var zeroSince = desired == 0 ? state.ZeroSince ?? now : (DateTimeOffset?)null;
        var grace = Seconds(ref _lastGrace, k.ScaleToZeroGracePeriod, 30);
        if (desired == 0 && current > 0 && zeroSince!.Value.AddSeconds(grace) > now && spec.MinReplicaCount == 0)
        {
            desired = 1;
            reason = ScaleReason.ScaleToZeroGrace;
            message += explain ? $"; keeping 1 until the scale-to-zero grace period ({grace}s) ends at {zeroSince.Value.AddSeconds(grace):O}" : "";
        }
        else if (desired == 0)
        {
            reason = current == 0 ? ScaleReason.Idle : ScaleReason.ScaledToZero;
        }

        context.State = context.State with
        {
            LastActiveTime = observed > 0 || context.IsActive ? now : context.State.LastActiveTime,
            Knative = state with
            {
                Buckets = window.Buckets,
                WindowSeconds = window.Size,
                FirstWrite = window.First,
                LastWrite = window.Last,
                PanicTime = panicTime,
                MaxPanicPods = maxPanic,
                Delay = delay,
                ZeroSince = zeroSince,
            },
        };
        context.DecidedByKnative = true;
        context.Set(desired, reason, message);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Durations = new(StringComparer.Ordinal);

    // The last duration text seen per setting: the same string object again (the usual case) skips the lookup.
    private static ParsedDuration? _lastStable;
    private static ParsedDuration? _lastDelay;
    private static ParsedDuration? _lastGrace;

    private static int Seconds(ref ParsedDuration? last, string text, int fallback)
    {
        if (Volatile.Read(ref last) is { } seen && ReferenceEquals(seen.Text, text))
        {
            return seen.Seconds;
        }

        var seconds = Durations.TryGetValue(text, out var cached) ? cached : Durations.GetOrAdd(text, DurationParser.TryParse(text, out var d) ? Math.Max(0, (int)Math.Round(d.TotalSeconds)) : fallback);
        Volatile.Write(ref last, new ParsedDuration(text, seconds));
        return seconds;
    }

    private sealed record ParsedDuration(string Text, int Seconds);

    private static readonly KnativeState NoState = new();

    /// <summary>Knative's window after a read: its buckets, its size in seconds, and the first and last seconds written.</summary>
    private readonly record struct Window(AppendWindow<KnativeBucket> Buckets, int Size, long First, long Last);

    /// <summary>The window after recording <paramref name="value"/> at <paramref name="second"/> (filling the seconds since the previous read).</summary>
    private static Window Record(KnativeState previous, int window, long second, double value, int pollingInterval)
    {
        var size = Math.Max(1, window);
        AppendWindow<KnativeBucket> buckets;
        long first;
        long from;
        if (previous.WindowSeconds != size)
        {
            buckets = default;
            first = second - Math.Max(1, pollingInterval) + 1;
            from = first;
        }
        else
        {
            buckets = previous.Buckets;
            first = previous.FirstWrite;
            from = Math.Max(previous.LastWrite + 1, second - Math.Max(1, pollingInterval) + 1);
            if (second <= previous.LastWrite)
            {
                from = second;
            }
        }

        from = Math.Max(from, second - size + 1);
        var last = Math.Max(second, previous.LastWrite);
        var newest = buckets.IsEmpty ? long.MinValue : buckets[^1].Second;
        if (from > newest)
        {
            // The usual case: seconds after the newest bucket, appended without copying the window.
            for (var s = from; s <= second; s++)
            {
                buckets = buckets.Append(new KnativeBucket(s, 0.0 + value, 1));
            }
        }
        else
        {
            buckets = Rewrite(buckets, from, second, value);
        }

        // Forget seconds that have left the window (the buckets a ring of that size would have overwritten).
        var keepFrom = 0;
        var entries = buckets.AsSpan();
        while (keepFrom < entries.Length && entries[keepFrom].Second <= last - size)
        {
            keepFrom++;
        }

        return new Window(buckets.DropOldest(keepFrom), size, first, last);
    }

    /// <summary>Adds <paramref name="value"/> to seconds <paramref name="from"/>..<paramref name="to"/> that are already in the window (a read within an already written second): a new copy.</summary>
    private static AppendWindow<KnativeBucket> Rewrite(AppendWindow<KnativeBucket> buckets, long from, long to, double value)
    {
        var result = default(AppendWindow<KnativeBucket>);
        var s = from;
        foreach (var b in buckets)
        {
            for (; s <= to && s < b.Second; s++)
            {
                result = result.Append(new KnativeBucket(s, 0.0 + value, 1));
            }

            if (b.Second >= from && b.Second <= to)
            {
                result = result.Append(b with { Sum = b.Sum + value, Count = b.Count + 1 });
                s = b.Second + 1;
            }
            else
            {
                result = result.Append(b);
            }
        }

        for (; s <= to; s++)
        {
            result = result.Append(new KnativeBucket(s, 0.0 + value, 1));
        }

        return result;
    }

    private static double Average(Window state, long now, int window)
    {
        var buckets = (int)Math.Min(window, now - state.First + 1);
        if (buckets <= 0)
        {
            return 0;
        }

        // Oldest second first, always in the same order, so the sum is the same to the last bit.
        var total = 0.0;
        var from = now - buckets + 1;
        var entries = state.Buckets.AsSpan();
        var first = entries.Length;
        while (first > 0 && entries[first - 1].Second >= from)
        {
            first--;
        }

        foreach (var b in entries[first..])
        {
            if (b.Second <= now && b.Count > 0)
            {
                total += b.Count == 1 ? b.Sum : b.Sum / b.Count; // x / 1 is x exactly
            }
        }

        return total / buckets;
    }
}
