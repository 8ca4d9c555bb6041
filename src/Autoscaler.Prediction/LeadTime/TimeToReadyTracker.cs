namespace Autoscaler.Prediction.LeadTime;

/// <summary>
/// Turns what an actuator reports (replicas asked for, replicas ready) into time-to-ready samples: from the decision
/// that asked for the n-th pod to the first observation that shows n pods ready. Pods removed by a scale-down before
/// they became ready are forgotten. Pure: times are arguments. Not thread-safe: one owner.
/// </summary>
public sealed class TimeToReadyTracker
{
    private readonly Queue<(DateTimeOffset Requested, int Ordinal)> _starting = new();
    private int _requested;

    /// <summary>Pods asked for and not yet seen ready.</summary>
    public int Pending => _starting.Count;

    /// <summary>
    /// Reports the target as observed at <paramref name="now"/>; returns the time-to-ready of each pod that became
    /// ready since the last call (feed them to <see cref="WorkloadPredictor.ObserveTimeToReady"/>).
    /// </summary>
    /// <param name="now">The time of the observation.</param>
    /// <param name="replicas">Replicas asked for (ready or starting).</param>
    /// <param name="ready">Replicas ready.</param>
    public IReadOnlyList<TimeSpan> Observe(DateTimeOffset now, int replicas, int ready)
    {
        List<TimeSpan>? samples = null;
        while (_starting.TryPeek(out var pending))
        {
            if (pending.Ordinal > replicas)
            {
                _starting.Dequeue();
                continue;
            }

            if (pending.Ordinal > ready)
            {
                break;
            }

            _starting.Dequeue();
            var sample = now - pending.Requested;
            if (sample >= TimeSpan.Zero)
            {
                (samples ??= []).Add(sample);
            }
        }

        _requested = Math.Min(_requested, replicas);
        return samples ?? (IReadOnlyList<TimeSpan>)[];
    }

    /// <summary>Records that at <paramref name="now"/> the replicas were set from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public void Requested(DateTimeOffset now, int from, int to)
    {
        for (var n = Math.Max(from, _requested) + 1; n <= to; n++)
        {
            _starting.Enqueue((now, n));
        }

        _requested = to;
    }
}
