namespace Autoscaler.Simulation.Policies;

/// <summary>
/// Fixed keep-alive (AWS Lambda style): instances start the moment requests arrive and none is free (those requests
/// are cold starts), and each stays warm for <see cref="KeepAlive"/> after it was last needed. Modeled as: desired =
/// the most pods needed (ceil(rate / capacity)) at any time within the last keep-alive period, re-evaluated at every
/// interval boundary, when demand arrives, and when the oldest need leaves the window.
/// </summary>
public sealed class KeepAlivePolicy(string name, TimeSpan keepAlive) : IScalingPolicy
{
    /// <inheritdoc />
    public string Name => name;

    /// <inheritdoc />
    public string Description => $"fixed keep-alive {keepAlive.TotalMinutes:0} min after the last request (AWS Lambda-style; Shahrad et al., ATC 2020, §4)";

    /// <summary>How long an idle instance is kept.</summary>
    public TimeSpan KeepAlive => keepAlive;

    /// <inheritdoc />
    public IPolicyController Start(PolicySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new Controller(settings.CapacityPerPod, (long)keepAlive.TotalMilliseconds, settings.IntervalSeconds * 1000L);
    }

    private sealed class Controller(double capacity, long keepAliveMs, long intervalMs) : IPolicyController
    {
        private readonly Queue<(long Time, int Need)> _needs = new();

        public PolicyDecision Decide(in PolicyObservation o)
        {
            var need = (int)Math.Ceiling((o.Demand.CurrentRate / capacity) - 1e-9);
            if (need > 0)
            {
                _needs.Enqueue((o.NowMs, need));
            }

            while (_needs.Count > 0 && _needs.Peek().Time + keepAliveMs + intervalMs <= o.NowMs)
            {
                _needs.Dequeue();
            }

            var desired = 0;
            foreach (var (_, n) in _needs)
            {
                desired = Math.Max(desired, n);
            }

            return new PolicyDecision(desired, ((o.NowMs / intervalMs) + 1) * intervalMs);
        }
    }
}
