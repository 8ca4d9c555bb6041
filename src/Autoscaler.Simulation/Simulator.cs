using Autoscaler.Simulation.Policies;
using Autoscaler.Simulation.Traces;

namespace Autoscaler.Simulation;

/// <summary>
/// Replays one demand series through one policy on a virtual clock, event by event: time jumps from one event to
/// the next (an interval boundary, a policy decision, a pod becoming ready), and each stretch in between is
/// accounted exactly (demand is uniform within an interval). Deterministic: same input, same output.
/// Model: a ready pod serves <see cref="SimulationOptions.CapacityPerPod"/> requests/s; a pod is ready
/// <see cref="SimulationOptions.ColdStart"/> after it is requested; a request arriving while no pod is ready is a
/// cold start; an interval whose requests exceed its ready capacity is an SLO violation.
/// </summary>
public static class Simulator
{
    /// <summary>
    /// Runs <paramref name="policy"/> on <paramref name="series"/>; adds to <paramref name="readyCapacity"/> (per interval,
    /// requests/s) when given. <paramref name="siblings"/>: the other series of its group, handed to the policy
    /// (<see cref="PolicySettings.Siblings"/>).
    /// </summary>
    public static SeriesResult Run(Trace trace, TraceSeries series, IScalingPolicy policy, SimulationOptions options, double[]? readyCapacity = null, IReadOnlyList<TraceSeries>? siblings = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        var capacity = options.CapacityPerPod;
        var coldStartMs = (long)options.ColdStart.TotalMilliseconds;
        var intervalMs = trace.IntervalSeconds * 1000L;
        var requests = series.Requests;
        var endMs = requests.Length * intervalMs;
        var demand = new DemandHistory(requests, intervalMs);
        var controller = policy.Start(new PolicySettings(capacity, options.ColdStart, trace.IntervalSeconds, trace.Start) { Siblings = siblings ?? [] });

        var pending = new long[16]; // ready times of starting pods, oldest first
        int head = 0, tail = 0;
        var ready = 0;
        var desired = 0;
        long now = 0;
        var nextDecision = 0L;
        var skippedTickMs = 0L; // the period of the ticks the policy skipped (0: none): accounting stretches still end at them
        var nextSkippedTick = long.MaxValue;
        var interval = 0;
        double cold = 0, replicaMs = 0, idleMs = 0, neededMs = 0, intervalCapacity = 0, intervalReadyMs = 0;
        int violations = 0, actions = 0, peak = 0;

        // Per interval (hoisted out of the per-stretch loop; the same expressions, so the same bits).
        var rate = requests.Length > 0 ? requests[0] * 1000.0 / intervalMs : 0; // requests per second
        var need = rate / capacity;
        var neededPods = Math.Ceiling(need - 1e-9);

        while (now < endMs)
        {
            demand.Now = now;
            if (now >= nextDecision)
            {
                var decision = controller.Decide(new PolicyObservation(now, ready + (tail - head), ready, demand));
                var target = Math.Max(0, decision.Replicas);
                if (target != desired)
                {
                    actions++;
                }

                var provisioned = ready + (tail - head);
                if (target > provisioned)
                {
                    for (var i = provisioned; i < target; i++)
                    {
                        if (tail == pending.Length)
                        {
                            Compact(ref pending, ref head, ref tail);
                        }

                        pending[tail++] = now + coldStartMs;
                    }
                }
                else if (target < provisioned)
                {
                    // Scale-in removes the youngest pods first: starting ones, then ready ones.
                    var remove = provisioned - target;
                    var fromPending = Math.Min(remove, tail - head);
                    tail -= fromPending;
                    ready -= remove - fromPending;
                }

                desired = target;
                peak = Math.Max(peak, target);
                nextDecision = Math.Max(decision.NextDecisionMs, now + 1);
                skippedTickMs = decision.SkippedTickMs;
                nextSkippedTick = skippedTickMs > 0 ? now + skippedTickMs : long.MaxValue;
            }

            while (head < tail && pending[head] <= now)
            {
                head++;
                ready++;
            }

            var intervalEnd = (interval + 1) * intervalMs;
            if (skippedTickMs > 0 && head == tail && ready > 0 && nextSkippedTick == now + skippedTickMs)
            {
                // Within skipped ticks, every pod ready: the whole steps that end before the next boundary, each
                // accounted with the terms the general step below computes for it, added in the same order.
                var step = skippedTickMs;
                var steps = (Math.Min(Math.Min(intervalEnd, nextDecision), endMs) - now - 1) / step;
                if (steps > 0)
                {
                    var replicaTerm = ready * (double)step; // pods = ready: nothing is starting
                    var neededTerm = need * step;
                    var idleTerm = Math.Max(0, ready - neededPods) * step;
                    var capacityTerm = ready * capacity * step / 1000.0;
                    for (var k = 0; k < steps; k++)
                    {
                        replicaMs += replicaTerm;
                        neededMs += neededTerm;
                        idleMs += idleTerm;
                        intervalCapacity += capacityTerm;
                        intervalReadyMs += replicaTerm;
                    }

                    now += steps * step;
                    nextSkippedTick = now + step;
                }
            }

            var next = Math.Min(Math.Min(intervalEnd, Math.Min(nextDecision, nextSkippedTick)), endMs);
            if (head < tail)
            {
                next = Math.Min(next, pending[head]);
            }

            var span = next - now;
            var arrived = rate * span / 1000.0;
            var pods = ready + (tail - head);
            if (ready == 0)
            {
                cold += arrived;
            }

            replicaMs += pods * (double)span;
            neededMs += need * span;
            idleMs += Math.Max(0, ready - neededPods) * span;
            intervalCapacity += ready * capacity * span / 1000.0;
            intervalReadyMs += ready * (double)span;
            now = next;
            if (now == nextSkippedTick)
            {
                nextSkippedTick += skippedTickMs;
            }

            if (now == intervalEnd || now == endMs)
            {
                if (requests[interval] > intervalCapacity + 1e-9)
                {
                    violations++;
                }

                if (readyCapacity is not null)
                {
                    readyCapacity[interval] += intervalReadyMs / intervalMs * capacity;
                }

                intervalCapacity = 0;
                intervalReadyMs = 0;
                interval++;
                if (interval < requests.Length)
                {
                    rate = requests[interval] * 1000.0 / intervalMs;
                    need = rate / capacity;
                    neededPods = Math.Ceiling(need - 1e-9);
                }
            }
        }

        double total = 0;
        foreach (var r in requests)
        {
            total += r;
        }

        return new SeriesResult
        {
            Name = series.Name,
            Requests = total,
            ColdStartRequests = cold,
            SloViolationIntervals = violations,
            Intervals = requests.Length,
            ReplicaSeconds = replicaMs / 1000,
            IdleReplicaSeconds = idleMs / 1000,
            NeededReplicaSeconds = neededMs / 1000,
            ScaleActions = actions,
            PeakReplicas = peak,
        };
    }

    private static void Compact(ref long[] pending, ref int head, ref int tail)
    {
        var count = tail - head;
        if (head > 0 && count < pending.Length / 2)
        {
            Array.Copy(pending, head, pending, 0, count);
        }
        else
        {
            var bigger = new long[pending.Length * 2];
            Array.Copy(pending, head, bigger, 0, count);
            pending = bigger;
        }

        head = 0;
        tail = count;
    }

    private sealed class DemandHistory : IDemandHistory, IDemandLookahead
    {
        private readonly double[] _requests;
        private readonly double[] _prefix;

        public DemandHistory(double[] requests, long intervalMs)
        {
            _requests = requests;
            IntervalMs = intervalMs;
            _prefix = new double[requests.Length + 1];
            for (var i = 0; i < requests.Length; i++)
            {
                _prefix[i + 1] = _prefix[i] + requests[i];
            }
        }

        public long Now { get; set; }

        public long IntervalMs { get; }

        public double CurrentRate
        {
            get
            {
                var i = (int)Math.Min(Now / IntervalMs, _requests.Length - 1);
                return _requests[i] * 1000.0 / IntervalMs;
            }
        }

        public ReadOnlySpan<double> CompletedIntervals => _requests.AsSpan(0, (int)Math.Min(Now / IntervalMs, _requests.Length));

        public double RequestsBetween(long fromMs, long toMs)
        {
            fromMs = Math.Clamp(fromMs, 0, Now);
            toMs = Math.Clamp(toMs, 0, Now);
            return toMs <= fromMs ? 0 : Cumulative(toMs) - Cumulative(fromMs);
        }

        public void RatesAhead(long nowMs, long periodMs, Span<double> rates)
        {
            // RequestsBetween(t - period, t) at Now = t, the same operations; Cumulative(t - period) is the previous
            // tick's Cumulative(t), and the interval index moves on without a division.
            var seconds = periodMs / 1000.0;
            if (periodMs <= 0 || nowMs < 0)
            {
                rates.Fill(RequestsBetween(nowMs, nowMs) / seconds);
                return;
            }

            var t = nowMs;
            var i = (int)Math.Min(t / IntervalMs, _requests.Length);
            var previous = Cumulative(t);
            for (var j = 0; j < rates.Length; j++)
            {
                t += periodMs;
                while (i < _requests.Length && t >= (i + 1) * IntervalMs)
                {
                    i++;
                }

                var cumulative = i >= _requests.Length ? _prefix[^1] : _prefix[i] + (_requests[i] * (t - (i * IntervalMs)) / IntervalMs);
                rates[j] = (cumulative - previous) / seconds;
                previous = cumulative;
            }
        }

        public int NextDemandInterval(int interval)
        {
            var i = Math.Max(0, interval);
            while (i < _requests.Length && _requests[i] == 0)
            {
                i++;
            }

            return i;
        }

        private double Cumulative(long t)
        {
            var i = (int)(t / IntervalMs);
            if (i >= _requests.Length)
            {
                return _prefix[^1];
            }

            return _prefix[i] + (_requests[i] * (t - (i * IntervalMs)) / IntervalMs);
        }
    }
}
