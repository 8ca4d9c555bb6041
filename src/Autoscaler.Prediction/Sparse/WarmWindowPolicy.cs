namespace Autoscaler.Prediction.Sparse;

/// <summary>Which branch of the hybrid histogram policy decides a sparse workload's warm windows.</summary>
public enum WarmWindowPolicy
{
    /// <summary>No activity seen yet: no warm minimum, the reactive rules apply.</summary>
    Reactive,

    /// <summary>The histogram is representative: pre-warm at its head (5th percentile), keep warm until its tail (99th percentile).</summary>
    Histogram,

    /// <summary>Most idle times are longer than the histogram's range: the next one is predicted from the recent long ones.</summary>
    OutOfRange,

    /// <summary>
    /// Too few idle periods to read percentiles, or idle times too spread out for a pre-warm: no pre-warm, keep warm
    /// until the upper bound of the next idle time (from a prior before the first idle period).
    /// </summary>
    KeepAlive,
}
