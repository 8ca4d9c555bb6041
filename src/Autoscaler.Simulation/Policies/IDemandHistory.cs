namespace Autoscaler.Simulation.Policies;

/// <summary>What a policy may know about demand: only the past and the present (no peeking ahead).</summary>
public interface IDemandHistory
{
    /// <summary>The length of one trace interval, in milliseconds.</summary>
    long IntervalMs { get; }

    /// <summary>Requests that arrived in [<paramref name="fromMs"/>, <paramref name="toMs"/>), both clamped to [0, now].</summary>
    double RequestsBetween(long fromMs, long toMs);

    /// <summary>The arrival rate right now, in requests per second (what an activator or a Lambda-style front end sees).</summary>
    double CurrentRate { get; }

    /// <summary>Requests in each whole interval before the current one (index 0 = the trace's first interval).</summary>
    ReadOnlySpan<double> CompletedIntervals { get; }
}
