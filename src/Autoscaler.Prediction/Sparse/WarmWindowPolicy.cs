namespace Autoscaler.Prediction.Sparse;

/// <summary>Which branch of the hybrid histogram policy decides a sparse workload's warm windows.</summary>
public enum WarmWindowPolicy
{
    /// <summary>Too few idle periods seen, or their histogram is too flat to trust: no warm minimum, the reactive cooldown applies.</summary>
    Reactive,

    /// <summary>The histogram is representative: pre-warm at its head (5th percentile), keep warm until its tail (99th percentile).</summary>
    Histogram,

    /// <summary>Most idle times are longer than the histogram's range: the next one is predicted from the recent long ones.</summary>
    OutOfRange,
}
