namespace Autoscaler.Prediction.LeadTime;

/// <summary>
/// Learns how long this workload takes from a scale-up decision to a ready pod (cold start plus actuation delay) from
/// its own observed samples: a high quantile of the most recent samples, so one slow pod raises it and a change of
/// image or node pool is followed within a few scale-ups. Until <see cref="MinSamples"/> are seen, the configured
/// default applies.
/// </summary>
public sealed class LeadTimeEstimator
{
    /// <summary>Samples needed before the estimate replaces the default. 5.</summary>
    public const int MinSamples = 5;

    private readonly double[] _samples;
    private int _count;
    private int _next;

    /// <summary>An estimator keeping the last <paramref name="capacity"/> samples (default 32) and reading the <paramref name="quantile"/> of them (default 0.9).</summary>
    public LeadTimeEstimator(TimeSpan defaultLeadTime, int capacity = 32, double quantile = 0.9)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, MinSamples);
        DefaultLeadTime = defaultLeadTime;
        Quantile = quantile;
        _samples = new double[capacity];
    }

    /// <summary>The lead time used until enough samples are seen.</summary>
    public TimeSpan DefaultLeadTime { get; }

    /// <summary>The quantile of recent samples used as the estimate.</summary>
    public double Quantile { get; }

    /// <summary>Samples held.</summary>
    public int Count => _count;

    /// <summary>Whether the estimate comes from samples (true) or the default (false).</summary>
    public bool IsLearned => _count >= MinSamples;

    /// <summary>The current estimate.</summary>
    public TimeSpan Estimate
    {
        get
        {
            if (!IsLearned)
            {
                return DefaultLeadTime;
            }

            var sorted = _samples.AsSpan(0, _count).ToArray();
            Array.Sort(sorted);
            return TimeSpan.FromSeconds(Forecasting.ResidualDistribution.Quantile(sorted, Quantile));
        }
    }

    /// <summary>Records one observed time from the decision that asked for a pod to that pod being ready. Negative or absurd (over 1 h) samples are ignored.</summary>
    public void Observe(TimeSpan timeToReady)
    {
        if (timeToReady < TimeSpan.Zero || timeToReady > TimeSpan.FromHours(1))
        {
            return;
        }

        _samples[_next] = timeToReady.TotalSeconds;
        _next = (_next + 1) % _samples.Length;
        _count = Math.Min(_count + 1, _samples.Length);
    }
}
