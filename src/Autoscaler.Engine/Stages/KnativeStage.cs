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
        var triggers = context.Input.Triggers;
        for (var t = 0; t < triggers.Count; t++) // an indexer, not foreach: no enumerator allocated per decision
        {
            var sample = triggers[t];
            if (sample.Value is { } v && sample.Metric is { } m && !sample.HasFailed)
            {
                var pods = m.TargetType == MetricTargetType.Value ? v / m.Target * Math.Max(current, 1) : v / m.Target;
                observed = Math.Max(observed, pods);
            }
        }

        var explain = context.Explain;
        var state = context.State.Knative ?? NoState;
        var window = Record(state, stableSeconds, now.ToUnixTimeSeconds(), observed, spec.PollingInterval);
        var second = now.ToUnixTimeSeconds();
        var stable = 0.0;
        if (explain || !TryStableCount(window, second, stableSeconds, utilization, out var dspc))
        {
            stable = Average(window, second, stableSeconds);
            dspc = ReplicaMath.Ceil(stable / utilization);
        }

        var panic = Average(window, second, panicSeconds);
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
                WindowSum = window.Sum,
                HasWindowSum = window.HasSum,
                SummedBuckets = window.Buckets,
                PanicTime = panicTime,
                MaxPanicPods = maxPanic,
                Delay = delay,
                ZeroSince = zeroSince,
            },
        };
        context.DecidedByKnative = true;
        context.Set(desired, reason, message);
    }

    /// <summary>
    /// How many further decisions at <paramref name="period"/> seconds after <paramref name="decision"/> (made from
    /// <paramref name="input"/>) decide the same count, when the decided count is in place at once (current replicas),
    /// the ready replicas are input's before tick <paramref name="readyFromTick"/> and the decided count from it on,
    /// the spec stays as in <paramref name="input"/> and the single trigger reads <paramref name="values"/> (values[j]
    /// at Now + (j + 1) × period).
    /// It replays those decisions on a copy of the window arithmetic only: the new seconds' buckets are added to and
    /// the old ones taken from the exact fixed-point sum, so the stable count is the proven one of
    /// <see cref="TryStableCount"/>; the panic average is the same in-order sum over the panic window. It stops at the
    /// first decision that could differ: a stable or panic count that changes or cannot be proven, panic starting or
    /// ending, the scale-to-zero grace period ending (a decision in it holds while the windows still want 0), a value
    /// out of the fixed-point range. <paramref name="result"/> is the state after the last held
    /// decision, the same in value as deciding each of them would leave. See <see cref="ScaleEngine.HoldTicks(ScaleInput, ScaleDecision, int, ReadOnlySpan{double}, int, out ScalerState)"/>.
    /// </summary>
    internal static int Hold(ScaleInput input, ScaleDecision decision, int period, ReadOnlySpan<double> values, int readyFromTick, out ScalerState result) =>
        Hold(input, decision, period, values, values.Length, null, readyFromTick, out result);

    /// <summary>
    /// <see cref="Hold(ScaleInput, ScaleDecision, int, ReadOnlySpan{double}, int, out ScalerState)"/> over
    /// <paramref name="ticks"/> ticks: their values are <paramref name="given"/> when <paramref name="source"/> is
    /// null, else asked of it <see cref="ValueChunk"/> at a time as the hold reaches them.
    /// </summary>
    internal static int Hold(ScaleInput input, ScaleDecision decision, int period, ReadOnlySpan<double> given, int ticks, TickValues? source, int readyFromTick, out ScalerState result, bool discardsStates = false)
    {
        var values = given;
        var buffer = Array.Empty<double>();
        if (source is not null)
        {
            buffer = t_values is { } b && b.Length >= ticks ? b : t_values = new double[Math.Max(ticks, 128)];
            values = buffer.AsSpan(0, ticks);
        }

        var available = source is null ? values.Length : 0;
        result = decision.State;
        var spec = input.Spec;
        var state = decision.State;
        var triggers = input.Triggers;
        var current = decision.DesiredReplicas; // the count at the held ticks: the decision's, applied at once
        if (spec.Knative is not { } k || values.IsEmpty || period <= 0 || state.Knative is not { } ks
            || decision.Reason is not (ScaleReason.KnativeStable or ScaleReason.KnativePanic or ScaleReason.ScaleToZeroGrace) || current <= 0 || readyFromTick < 1
            || decision.Fallback is not null || decision.Paused is not null || input.Prediction is not null || input.Annotations.Count > 0
            || spec.ScheduledFloors.Count > 0 || spec.Advanced?.ScalingModifiers?.Formula is { Length: > 0 }
            || state.ConsecutiveFailures != 0 || state.TriggerFailures is not [0] || triggers.Count != 1
            || triggers[0] is not { Error: null, Metric: { } metric, Value: not null } || input.Now.UtcTicks % TimeSpan.TicksPerSecond != 0)
        {
            return 0;
        }

        var stableSeconds = Seconds(ref _lastStable, k.StableWindow, 60);
        var panicSeconds = Math.Max(1, (int)Math.Round(stableSeconds * k.PanicWindowPercentage / 100));
        var utilization = k.TargetUtilizationPercentage / 100;
        var size = Math.Max(1, stableSeconds);
        if (stableSeconds < 1 || panicSeconds > 64 || Seconds(ref _lastDelay, k.ScaleDownDelay, 0) > 0 || !ks.HasWindowSum || ks.SummedBuckets != ks.Buckets
            || ks.WindowSeconds != size || !(utilization > 0) || double.IsPositiveInfinity(utilization))
        {
            return 0;
        }

        var s0 = input.Now.ToUnixTimeSeconds();
        if (ks.LastWrite != s0)
        {
            return 0;
        }

        // Ready pods: input's before tick readyFromTick (pods a scale-up started are still starting), the count after.
        var readyBefore = Math.Max(1, input.ReadyReplicas ?? input.CurrentReplicas);
        var readyAfter = Math.Max(1, current);
        var ready = readyFromTick > 1 ? readyBefore : readyAfter;
        var maxUp = (int)Math.Min(int.MaxValue, Math.Ceiling(k.MaxScaleUpRate * ready));
        var maxDown = (int)Math.Floor(ready / k.MaxScaleDownRate);
        var panicThreshold = k.PanicThresholdPercentage / 100;
        var polling = Math.Max(1, spec.PollingInterval);
        var desired = decision.DesiredReplicas;
        var panicking = decision.Reason == ScaleReason.KnativePanic;
        if (panicking != ks.PanicTime.HasValue || (panicking && ks.MaxPanicPods != desired))
        {
            return 0;
        }

        // In the scale-to-zero grace period the windows want 0 and the last pod stays (desired 1) until it ends.
        var inGrace = decision.Reason == ScaleReason.ScaleToZeroGrace;
        var graceEndsTicks = long.MaxValue;
        if (inGrace)
        {
            if (ks.ZeroSince is not { } zeroSince || desired != 1 || spec.MinReplicaCount != 0)
            {
                return 0;
            }

            graceEndsTicks = zeroSince.AddSeconds(Seconds(ref _lastGrace, k.ScaleToZeroGracePeriod, 30)).UtcTicks;
        }

        var windowsWant = inGrace ? 0 : desired; // what the windows decide before the grace rule

        // The buckets: the stored ones (E, oldest first; the first `dropped` of them have left the window) and the
        // seconds written by the held decisions (appended to a scratch buffer; the first `droppedNew` have left).
        var stored = ks.Buckets.AsSpan();
        var scratch = t_scratch ??= new Scratch();
        scratch.Ensure((values.Length * (int)Math.Min(period, size)) + 1);
        var newBuckets = scratch.Buckets;
        var newFixed = scratch.Fixed;
        int dropped = 0, count = 0, droppedNew = 0;
        var sum = ks.WindowSum;
        var lastWrite = ks.LastWrite;
        var first = ks.FirstWrite;
        var panicTime = ks.PanicTime;
        var panicTick = 0; // the last held tick that (re)entered panic; 0: none
        var activeTick = 0; // the last held tick with a trigger active; 0: none
        var panicEndsTicks = panicTime is { } entered ? entered.AddSeconds(stableSeconds).UtcTicks : long.MaxValue; // panic ends at a decision after this
        var lastActive = state.LastActiveTime;
        var periodTicks = period * TimeSpan.TicksPerSecond;
        var held = 0;
        var range = default(StableRange);
        var calm = new CalmRange(0, -1, double.PositiveInfinity);
        var hotUntil = long.MaxValue; // the newest second in the window whose value is above calm.Value (MaxValue: not known)
        var isValue = metric.TargetType == MetricTargetType.Value;
        var target = metric.Target;
        var activation = metric.ActivationThreshold;
        var lane = !panicking && !inGrace
            ? new CalmLane(s0, period, polling, size, stableSeconds, panicSeconds, first, isValue, target, Math.Max(current, 1), activation)
            : default;
        var laneReady = false; // the last tick held was a calm one (the lane is worth trying)
        for (var j = 1; j <= values.Length; j++)
        {
            if (j > available)
            {
                // The next chunk of values, asked for only when the hold gets this far.
                var chunk = Math.Min(ValueChunk, values.Length - available);
                source!(available + 1, buffer.AsSpan(available, chunk));
                available += chunk;
            }

            if (laneReady)
            {
                // Calm ticks in a row take the lane (the same arithmetic as below, without the rest of the loop).
                var laneEnd = ready != readyAfter && readyFromTick >= j ? readyFromTick - 1 : values.Length;
                var end = Math.Min(laneEnd, available);
                var last = j <= end ? lane.Hold(values, j, end, stored, newBuckets, newFixed, range, calm, hotUntil, ref sum, ref count, ref dropped, ref droppedNew, ref activeTick) : j - 1;
                laneReady = false;
                if (last >= j)
                {
                    held = last;
                    lastWrite = s0 + ((long)last * period);
                    laneReady = last == end && end < laneEnd; // calm up to the values known so far: more of the lane after the next chunk
                    j = last; // the loop goes on at the tick after it
                    continue;
                }
            }

            if (j == readyFromTick && ready != readyAfter)
            {
                // The started pods are ready from here: new rate bounds, and the proven ranges are proven again.
                ready = readyAfter;
                maxUp = (int)Math.Min(int.MaxValue, Math.Ceiling(k.MaxScaleUpRate * ready));
                maxDown = (int)Math.Floor(ready / k.MaxScaleDownRate);
                range = default;
                calm = new CalmRange(0, -1, double.PositiveInfinity);
                hotUntil = long.MaxValue;
            }

            var v = values[j - 1];
            var s = s0 + ((long)j * period);
            var pods = isValue ? v / target * Math.Max(current, 1) : v / target;
            var bucketValue = 0.0 + Math.Max(0.0, pods);
            if (!TryFixed(bucketValue, out var q))
            {
                break;
            }

            // Record: the seconds since the previous write (as Record appends them), then forget what left the window.
            var from = Math.Max(Math.Max(lastWrite + 1, s - polling + 1), s - size + 1);
            var tickSum = sum;
            var tickCount = count;
            for (var second = from; second <= s; second++)
            {
                newBuckets[tickCount] = new KnativeBucket(second, bucketValue, 1);
                newFixed[tickCount] = q;
                tickCount++;
                tickSum += q;
            }

            if (bucketValue > calm.Value)
            {
                hotUntil = s;
            }

            var tickDropped = dropped;
            var tickDroppedNew = droppedNew;
            while (tickDropped < stored.Length && stored[tickDropped].Second <= s - size)
            {
                TryFixed(BucketValue(stored[tickDropped]), out var old); // it is in the sum, so it converts
                tickSum -= old;
                tickDropped++;
            }

            if (tickDropped == stored.Length)
            {
                while (tickDroppedNew < tickCount && newBuckets[tickDroppedNew].Second <= s - size)
                {
                    tickSum -= newFixed[tickDroppedNew];
                    tickDroppedNew++;
                }
            }

            // The stable count, as TryStableCount proves it (or stop: the decision would add up the window). Once a
            // tick has held, the range of fixed-point sums that give the same count is proven at its ends (the bounds
            // are non-decreasing in the sum), and later ticks inside it need two comparisons only.
            var n = stored.Length - tickDropped + tickCount - tickDroppedNew;
            var buckets = (int)Math.Min(stableSeconds, s - first + 1);
            var oldest = tickDropped < stored.Length ? stored[tickDropped].Second : newBuckets[tickDroppedNew].Second;
            if (n <= 0 || buckets <= 0 || oldest < s - buckets + 1)
            {
                break;
            }

            // In panic and in the grace period the range still gives the stable count, but the shortcuts below (fast)
            // would skip the checks for panic or the grace period ending, so those ticks decide in full from it.
            var inRange = n == range.N && buckets == range.Buckets && tickSum >= range.Min && tickSum <= range.Max;
            var fast = inRange && !panicking && !inGrace;
            var lower = inRange ? range.Count : StableBound(tickSum, n, buckets, utilization, upper: false);
            if (!inRange && lower != StableBound(tickSum, n, buckets, utilization, upper: true))
            {
                break;
            }

            // The panic average: the same in-order sum as Average over the last panic-window seconds; not needed
            // when every value in the panic window is at most calm.Value (the sum is then at most calm.Max).
            var panicBuckets = (int)Math.Min(panicSeconds, s - first + 1);
            var total = 0.0;
            var calmNow = fast && panicBuckets > 0 && panicBuckets == calm.Buckets && hotUntil < s - panicBuckets + 1;
            if (panicBuckets > 0 && !calmNow)
            {
                var since = s - panicBuckets + 1;
                var newFrom = tickCount;
                while (newFrom > tickDroppedNew && newBuckets[newFrom - 1].Second >= since)
                {
                    newFrom--;
                }

                if (newFrom == tickDroppedNew)
                {
                    var storedFrom = stored.Length;
                    while (storedFrom > tickDropped && stored[storedFrom - 1].Second >= since)
                    {
                        storedFrom--;
                    }

                    foreach (var b in stored[storedFrom..])
                    {
                        if (b.Second <= s && b.Count > 0)
                        {
                            total += BucketValue(b);
                        }
                    }
                }

                for (var i = newFrom; i < tickCount; i++)
                {
                    total += newBuckets[i].Sum;
                }
            }

            bool over;
            var tickPanicEnds = panicEndsTicks;
            if (calmNow || (fast && panicBuckets > 0 && panicBuckets == calm.Buckets && total <= calm.Max))
            {
                over = false; // the same stable count, and a panic total proven below the threshold: the decision holds
            }
            else
            {
                var panic = panicBuckets > 0 ? total / panicBuckets : 0.0;
                var dspc = lower;
                var dppc = ReplicaMath.Ceil(panic / utilization);
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

                var nowTicks = input.Now.UtcTicks + (j * periodTicks);
                over = (double)dppc / ready >= panicThreshold;
                if (over)
                {
                    if (!panicking)
                    {
                        break; // panic would start
                    }

                    tickPanicEnds = nowTicks + (stableSeconds * TimeSpan.TicksPerSecond); // now.AddSeconds(stable), whole seconds: exact
                }
                else if (panicking && panicEndsTicks < nowTicks)
                {
                    break; // panic would end
                }

                if (panicking ? desiredPanic > desired : desiredStable != windowsWant)
                {
                    break;
                }

                if (inGrace && !(graceEndsTicks > nowTicks))
                {
                    break; // the grace period ends: the last pod goes
                }

                if (range.N != n || range.Buckets != buckets || range.Count != lower)
                {
                    range = StableRange.Prove(lower, n, buckets, utilization);
                }

                if (!panicking && calm.Buckets != panicBuckets)
                {
                    calm = CalmRange.Prove(panicBuckets, utilization, ready, panicThreshold);
                    // Only the seconds of the current panic window can be in a later one (later windows start later).
                    hotUntil = long.MinValue;
                    var since = s - panicBuckets + 1;
                    for (var i = tickCount - 1; i >= tickDroppedNew && newBuckets[i].Second >= since && hotUntil == long.MinValue; i--)
                    {
                        if (!(newBuckets[i].Sum <= calm.Value))
                        {
                            hotUntil = newBuckets[i].Second;
                        }
                    }

                    for (var i = stored.Length - 1; i >= tickDropped && stored[i].Second >= since && hotUntil == long.MinValue; i--)
                    {
                        if (stored[i].Count > 0 && !(BucketValue(stored[i]) <= calm.Value))
                        {
                            hotUntil = stored[i].Second;
                        }
                    }
                }
            }

            // The decision holds: take this tick's window and state.
            laneReady = calmNow;
            held = j;
            sum = tickSum;
            count = tickCount;
            dropped = tickDropped;
            droppedNew = tickDroppedNew;
            lastWrite = s;
            if (over)
            {
                panicTick = j;
                panicEndsTicks = tickPanicEnds;
            }

            if (bucketValue > 0 || v > activation)
            {
                activeTick = j;
            }
        }

        if (held == 0)
        {
            return 0;
        }

        // A caller that drops the older states lets the window reuse their buffer (no new one per few holds).
        var kept = ks.Buckets.DropOldest(dropped);
        var added = newBuckets.AsSpan(droppedNew, count - droppedNew);
        var window = discardsStates ? kept.AppendRangeInPlace(added) : kept.AppendRange(added);

        var heldNow = input.Now.AddTicks(held * periodTicks);
        if (panicTick > 0)
        {
            panicTime = input.Now.AddTicks(panicTick * periodTicks);
        }

        if (activeTick > 0)
        {
            lastActive = input.Now.AddTicks(activeTick * periodTicks);
        }
        var up = state.ScaleUpEvents;
        var down = state.ScaleDownEvents;
        if (up is not { IsDefault: false, IsEmpty: true } || down is not { IsDefault: false, IsEmpty: true })
        {
            // Each held decision (the same count as now) prunes the scale events; pruning at the last is the same.
            var behavior = spec.Advanced?.HorizontalPodAutoscalerConfig?.Behavior;
            up = HpaBehaviorRules.Prune(up, heldNow, HpaBehaviorRules.LongestPeriod(HpaBehaviorRules.ScaleUp(behavior)));
            down = HpaBehaviorRules.Prune(down, heldNow, HpaBehaviorRules.LongestPeriod(HpaBehaviorRules.ScaleDown(behavior)));
        }

        result = state with
        {
            LastActiveTime = lastActive,
            ScaleUpEvents = up,
            ScaleDownEvents = down,
            Knative = ks with
            {
                Buckets = window,
                LastWrite = lastWrite,
                WindowSum = sum,
                HasWindowSum = true,
                SummedBuckets = window,
                PanicTime = panicTime,
            },
        };
        return held;
    }

    /// <summary>TryStableCount's lower (or upper) count for the fixed-point sum <paramref name="sum"/> of <paramref name="n"/> buckets averaged over <paramref name="buckets"/> seconds: non-decreasing in the sum.</summary>
    private static int StableBound(Int128 sum, int n, int buckets, double utilization, bool upper)
    {
        var margin = (n + 16) * (1.0 / 4503599627370496.0);
        var fixedSum = (double)sum / FixedScale;
        return upper
            ? ReplicaMath.Ceil((fixedSum + ((n + 1) / FixedScale)) * (1 + margin) / buckets / utilization)
            : ReplicaMath.Ceil(fixedSum * (1 - margin) / buckets / utilization);
    }

    /// <summary>
    /// Fixed-point window sums [Min, Max] for which both of TryStableCount's bounds give <see cref="Count"/> (with
    /// <see cref="N"/> buckets averaged over <see cref="Buckets"/> seconds). Proven at its ends: the bounds are
    /// non-decreasing in the sum and lower ≤ upper, so lower(Min) = upper(Max) = Count pins every sum between.
    /// Empty (Min &gt; Max) when the ends could not be proven.
    /// </summary>
    private readonly record struct StableRange(int Count, int N, int Buckets, Int128 Min, Int128 Max)
    {
        public static StableRange Prove(int count, int n, int buckets, double utilization)
        {
            var empty = new StableRange(count, n, buckets, 1, 0);
            if (count < 1 || count >= int.MaxValue)
            {
                return empty;
            }

            // The sums where Ceil(x − 1e-9) leaves count, from the bounds' formulas, pulled inwards by 1e-12.
            var margin = (n + 16) * (1.0 / 4503599627370496.0);
            var low = (count - 1 + 1e-9) * buckets * utilization / (1 - margin) * (1 + 1e-12);
            var high = (((count + 1e-9) * buckets * utilization / (1 + margin)) - ((n + 1) / FixedScale)) * (1 - 1e-12);
            if (!(low >= 0) || !(high > low) || high >= 1e30)
            {
                return empty;
            }

            var min = (Int128)(low * FixedScale) + 1;
            var max = (Int128)(high * FixedScale);
            return min <= max && StableBound(min, n, buckets, utilization, upper: false) == count && StableBound(max, n, buckets, utilization, upper: true) == count
                ? new StableRange(count, n, buckets, min, max)
                : empty;
        }
    }

    /// <summary>
    /// The largest panic-window total (in-order sum of <see cref="Buckets"/> seconds) proven not to start panic at
    /// <c>ready</c> pods: the panic count Ceil(total / buckets / utilization) is non-decreasing in the total, so
    /// every total up to <see cref="Max"/> stays below the threshold. Max = −1 when none could be proven.
    /// <see cref="Value"/>: a bucket value such that the in-order sum of <see cref="Buckets"/> copies of it is at most
    /// Max; as the in-order sum is non-decreasing in each (non-negative) term and in their number, a panic window whose
    /// values are all at most Value is below the threshold without adding it up. −1 when none.
    /// </summary>
    private readonly record struct CalmRange(int Buckets, double Max, double Value)
    {
        public static CalmRange Prove(int buckets, double utilization, int ready, double threshold)
        {
            var none = new CalmRange(buckets, -1, -1);
            if (buckets <= 0 || !(threshold > 0) || threshold * ready > 1e9)
            {
                return none;
            }

            var over = (int)Math.Ceiling(threshold * ready); // the least panic count that is over: (double)d / ready ≥ threshold
            while (over > 0 && (double)(over - 1) / ready >= threshold)
            {
                over--;
            }

            while ((double)over / ready < threshold)
            {
                over++;
            }

            if (over < 1)
            {
                return none;
            }

            var max = (over - 1 + 1e-9) * buckets * utilization * (1 - 1e-12);
            var count = ReplicaMath.Ceil(max / buckets / utilization);
            if (!(max >= 0) || (double)count / ready >= threshold)
            {
                return none;
            }

            var value = max / buckets * (1 - 1e-12);
            var copies = 0.0;
            for (var i = 0; i < buckets; i++)
            {
                copies += value;
            }

            return new CalmRange(buckets, max, value >= 0 && copies <= max ? value : -1);
        }
    }

    /// <summary>
    /// Hold's calm ticks without the rest of its loop: stable mode, a fixed-point sum inside the proven
    /// <see cref="StableRange"/>, and a panic window whose values are all at most <see cref="CalmRange.Value"/>.
    /// The same arithmetic, in the same order, as Hold's loop for such a tick; the first tick that is not calm is
    /// left to that loop (nothing of it is taken).
    /// </summary>
    private readonly record struct CalmLane(long S0, int Period, int Polling, int Size, int StableSeconds, int PanicSeconds, long First, bool IsValue, double Target, int Pods, double Activation)
    {
        /// <summary>Holds ticks <paramref name="j"/>..<paramref name="end"/> while they are calm; returns the last one held (j − 1: none).</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        public int Hold(ReadOnlySpan<double> values, int j, int end, ReadOnlySpan<KnativeBucket> stored, KnativeBucket[] newBuckets, Int128[] newFixed,
            in StableRange range, in CalmRange calm, long hotUntil, ref Int128 sum, ref int count, ref int dropped, ref int droppedNew, ref int activeTick)
        {
            var calmValue = calm.Value;
            var min = range.Min;
            var max = range.Max;
            var rangeN = range.N;
            var rangeBuckets = range.Buckets;
            var calmBuckets = calm.Buckets;

            // The running window in locals (registers), written back once at the end: not through the refs per tick.
            var heldSum = sum;
            var heldCount = count;
            var heldDropped = dropped;
            var heldDroppedNew = droppedNew;
            var heldActive = activeTick;
            var last = end;
            var s0 = S0;
            var period = Period;
            var size = Size;
            var stableSeconds = StableSeconds;
            var panicSeconds = PanicSeconds;
            var firstWrite = First;
            var target = Target;
            var podsFactor = IsValue ? Pods : 1.0; // v / target × 1 is v / target exactly
            var activation = Activation;
            var firstBack = Math.Min(Math.Min(period, Polling), size) - 1; // the seconds written per tick: s − firstBack .. s
            for (; j <= end; j++)
            {
                var v = values[j - 1];
                var s = s0 + ((long)j * period);
                var pods = v / target * podsFactor;
                var bucketValue = 0.0 + Math.Max(0.0, pods);
                if (!(bucketValue <= calmValue) || !TryFixed(bucketValue, out var q))
                {
                    last = j - 1; // a value that could start panic (or out of range): the full tick decides
                    break;
                }

                var from = s - firstBack; // the previous write was the previous tick
                var tickSum = heldSum;
                var tickCount = heldCount;
                for (var second = from; second <= s; second++)
                {
                    newBuckets[tickCount] = new KnativeBucket(second, bucketValue, 1);
                    newFixed[tickCount] = q;
                    tickCount++;
                    tickSum += q;
                }

                var tickDropped = heldDropped;
                var tickDroppedNew = heldDroppedNew;
                while (tickDropped < stored.Length && stored[tickDropped].Second <= s - size)
                {
                    TryFixed(BucketValue(stored[tickDropped]), out var old); // it is in the sum, so it converts
                    tickSum -= old;
                    tickDropped++;
                }

                if (tickDropped == stored.Length)
                {
                    while (tickDroppedNew < tickCount && newBuckets[tickDroppedNew].Second <= s - size)
                    {
                        tickSum -= newFixed[tickDroppedNew];
                        tickDroppedNew++;
                    }
                }

                var n = stored.Length - tickDropped + tickCount - tickDroppedNew;
                var buckets = (int)Math.Min(stableSeconds, s - firstWrite + 1);
                var panicBuckets = (int)Math.Min(panicSeconds, s - firstWrite + 1);
                if (n <= 0 || buckets <= 0 || n != rangeN || buckets != rangeBuckets || tickSum < min || tickSum > max
                    || (tickDropped < stored.Length ? stored[tickDropped].Second : newBuckets[tickDroppedNew].Second) < s - buckets + 1
                    || panicBuckets <= 0 || panicBuckets != calmBuckets || hotUntil >= s - panicBuckets + 1)
                {
                    last = j - 1;
                    break;
                }

                heldSum = tickSum;
                heldCount = tickCount;
                heldDropped = tickDropped;
                heldDroppedNew = tickDroppedNew;
                if (bucketValue > 0 || v > activation)
                {
                    heldActive = j;
                }
            }

            sum = heldSum;
            count = heldCount;
            dropped = heldDropped;
            droppedNew = heldDroppedNew;
            activeTick = heldActive;
            return last;
        }
    }

    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <summary>How many values a hold asks of a <see cref="TickValues"/> source at a time.</summary>
    private const int ValueChunk = 16;

    /// <summary>The values asked of a <see cref="TickValues"/> source, reused per thread.</summary>
    [ThreadStatic]
    private static double[]? t_values;

    /// <summary>The seconds written by held decisions, reused per thread.</summary>
    private sealed class Scratch
    {
        public KnativeBucket[] Buckets = [];
        public Int128[] Fixed = [];

        public void Ensure(int length)
        {
            if (Buckets.Length < length)
            {
                Buckets = new KnativeBucket[length];
                Fixed = new Int128[length];
            }
        }
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

    /// <summary>Knative's window after a read: its buckets, its size in seconds, the first and last seconds written, and the fixed-point sum of its buckets (<see cref="KnativeState.WindowSum"/>).</summary>
    private readonly record struct Window(AppendWindow<KnativeBucket> Buckets, int Size, long First, long Last, Int128 Sum, bool HasSum);

    /// <summary>2^64: a bucket's value in the fixed-point window sum is floor(value × 2^64).</summary>
    private const double FixedScale = 18446744073709551616.0;

    /// <summary>Values at or above 2^50 pods are left out of the fixed-point sum (the window is then summed in order): 4096 of them still fit in an Int128.</summary>
    private const double FixedLimit = 1125899906842624.0;

    /// <summary>Windows longer than this many seconds keep no fixed-point sum.</summary>
    private const int FixedMaxBuckets = 4096;

    /// <summary>A bucket's value as the average adds it: the mean of the values recorded in that second.</summary>
    private static double BucketValue(KnativeBucket b) => b.Count == 1 ? b.Sum : b.Sum / b.Count; // x / 1 is x exactly

    /// <summary>floor(<paramref name="x"/> × 2^64), when 0 ≤ x &lt; 2^50 (NaN is not).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static bool TryFixed(double x, out Int128 fixedPoint)
    {
        if (x >= 0 && x < FixedLimit)
        {
            // (Int128)(x × 2^64), from the bits: x = m × 2^(e − 1075), so x × 2^64 = m × 2^(e − 1011), truncated
            // (rounded down: x ≥ 0). Zero and subnormals (e = 0) give 0, as the conversion does.
            var bits = BitConverter.DoubleToInt64Bits(x);
            var exponent = (int)((bits >> 52) & 0x7FF);
            if (exponent == 0)
            {
                fixedPoint = 0;
                return true;
            }

            var mantissa = (ulong)(bits & 0xF_FFFF_FFFF_FFFF) | (1UL << 52);
            var shift = exponent - 1011;
            fixedPoint = shift >= 0 ? (Int128)mantissa << shift : shift > -53 ? (Int128)(mantissa >> -shift) : 0;
            return true;
        }

        fixedPoint = 0;
        return false;
    }

    /// <summary>The fixed-point sum of <paramref name="buckets"/>, or false when one of them is out of range.</summary>
    private static bool TrySum(ReadOnlySpan<KnativeBucket> buckets, out Int128 sum)
    {
        sum = 0;
        foreach (var b in buckets)
        {
            if (b.Count <= 0 || !TryFixed(BucketValue(b), out var q))
            {
                return false;
            }

            sum += q;
        }

        return true;
    }

    /// <summary>
    /// The stable pod count ceil(average / utilization) without adding up the window, when that is certain. The
    /// average Knative mode uses is the in-order floating-point sum T of the n bucket values x_i (all ≥ 0), divided
    /// by the bucket count: T is within γ = (n−1)·2^-53 (relative) of the exact sum S, and S is within
    /// [F, F + n·2^-64) of the fixed-point sum F. So T lies in [lo, hi], computed below with a margin of
    /// (n + 16)·2^-52 that also covers the roundings of the bounds themselves. Every step from T to the count
    /// (÷ buckets, ÷ utilization, Ceil) is a non-decreasing function of T, so when lo and hi give the same count,
    /// T gives it too, to the last bit. Otherwise (a count boundary within the error bounds, or no fixed-point sum)
    /// this returns false and the caller adds up the window in order, as before.
    /// </summary>
    private static bool TryStableCount(Window w, long now, int window, double utilization, out int count)
    {
        count = 0;
        var buckets = (int)Math.Min(window, now - w.First + 1);
        var entries = w.Buckets.AsSpan();
        if (!w.HasSum || buckets <= 0 || now != w.Last || entries.IsEmpty || entries[0].Second < now - buckets + 1 || entries[^1].Second > now
            || !(utilization > 0) || double.IsPositiveInfinity(utilization))
        {
            return false; // the in-order sum would not cover exactly the stored buckets; let it decide
        }

        var n = entries.Length;
        var margin = (n + 16) * (1.0 / 4503599627370496.0); // (n + 16) × 2^-52
        var sum = (double)w.Sum / FixedScale;
        var lo = sum * (1 - margin);
        var hi = (sum + ((n + 1) / FixedScale)) * (1 + margin);
        var lower = ReplicaMath.Ceil(lo / buckets / utilization);
        var upper = ReplicaMath.Ceil(hi / buckets / utilization);
        if (lower != upper)
        {
            return false;
        }

        count = lower;
        return true;
    }

    /// <summary>The window after recording <paramref name="value"/> at <paramref name="second"/> (filling the seconds since the previous read).</summary>
    private static Window Record(KnativeState previous, int window, long second, double value, int pollingInterval)
    {
        var size = Math.Max(1, window);
        AppendWindow<KnativeBucket> buckets;
        long first;
        long from;
        Int128 sum;
        bool hasSum;
        if (previous.WindowSeconds != size)
        {
            buckets = default;
            first = second - Math.Max(1, pollingInterval) + 1;
            from = first;
            sum = 0;
            hasSum = size <= FixedMaxBuckets;
        }
        else
        {
            buckets = previous.Buckets;
            sum = previous.WindowSum;
            hasSum = previous.HasWindowSum && previous.SummedBuckets == previous.Buckets;
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
            var bucketValue = 0.0 + value;
            hasSum &= TryFixed(bucketValue, out var q);
            for (var s = from; s <= second; s++)
            {
                buckets = buckets.Append(new KnativeBucket(s, bucketValue, 1));
                sum += q;
            }
        }
        else
        {
            buckets = Rewrite(buckets, from, second, value);
            hasSum = false; // summed again below
        }

        // Forget seconds that have left the window (the buckets a ring of that size would have overwritten).
        var keepFrom = 0;
        var entries = buckets.AsSpan();
        while (keepFrom < entries.Length && entries[keepFrom].Second <= last - size)
        {
            if (hasSum)
            {
                TryFixed(BucketValue(entries[keepFrom]), out var q); // it was added, so it converts
                sum -= q;
            }

            keepFrom++;
        }

        var kept = buckets.DropOldest(keepFrom);
        if (!hasSum)
        {
            hasSum = size <= FixedMaxBuckets && TrySum(kept.AsSpan(), out sum);
        }

        return new Window(kept, size, first, last, hasSum ? sum : 0, hasSum);
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
                total += BucketValue(b);
            }
        }

        return total / buckets;
    }
}
