namespace Autoscaler.Prediction.Sparse;

/// <summary>
/// The hybrid histogram policy of "Serverless in the Wild" (Shahrad et al., USENIX ATC 2020), per workload: idle
/// times (from the end of one activity to the start of the next) in 1-minute bins over a 4-hour range.
/// <list type="bullet">
/// <item>Representative histogram (enough idle periods, and the coefficient of variation of the bin counts at least
/// 2, that is, idle times concentrate in a few bins): pre-warm at the 5th percentile − 10 %, keep warm until the
/// 99th percentile + 10 %.</item>
/// <item>Most idle times out of range (longer than 4 h): predict the next from the recent long ones (their median,
/// standing in for the paper's ARIMA), pre-warm at 85 % of it and keep warm until 115 %.</item>
/// <item>Otherwise (too few idle periods to read percentiles, or idle times spread out): no pre-warm, keep warm until
/// an upper bound of the next idle time: the 99 % upper prediction bound under an exponential model of idle times
/// whose mean is estimated from those seen (the posterior predictive, a Lomax distribution: with n idle times summing
/// to S, P(next &gt; t) = (1 + t / S)^-n); before the first idle period, <see cref="PriorKeepAlive"/>. The bound is wide
/// when little is known and tightens as idle times accumulate.</item>
/// </list>
/// A pre-warm (going down between invocations) needs the 5th percentile to be estimable: at least
/// <see cref="MinPreWarmSamples"/> idle periods; before that the replica stays warm from the end of the activity, and
/// the keep-alive is at least the exponential bound over the idle times in range (a 99th percentile of a handful of
/// values is only their maximum).
/// Pre-warm is moved earlier by the workload's learned lead time, so the replica is ready, not starting, when the
/// invocation is expected. Counts are halved when they pass <see cref="AgingTotal"/>, so the histogram follows a
/// workload whose pattern changes.
/// </summary>
public sealed class IdleTimeHistogram
{
    /// <summary>Bins (minutes) in range. 240 (4 h).</summary>
    public const int Bins = 240;

    /// <summary>Idle periods needed before the histogram is trusted. 5.</summary>
    public const int MinSamples = 5;

    /// <summary>The coefficient of variation of bin counts at or above which the histogram is representative. 2.</summary>
    public const double RepresentativeCv = 2;

    /// <summary>When the total count passes this, all counts are halved. 500.</summary>
    public const double AgingTotal = 500;

    /// <summary>Idle periods needed before a pre-warm is used (1 / 0.05: the 5th percentile is then estimable). 20.</summary>
    public const int MinPreWarmSamples = 20;

    /// <summary>The keep-alive before any idle period is known (the common fixed keep-alive of FaaS platforms). 10 minutes.</summary>
    public static readonly TimeSpan PriorKeepAlive = TimeSpan.FromMinutes(10);

    /// <summary>The coverage of the keep-alive bound: the next idle time exceeds it with at most this probability. 0.01.</summary>
    public const double KeepAliveMiss = 0.01;

    private readonly double[] _counts = new double[Bins];
    private readonly double[] _recentOutOfRange = new double[8];
    private double _outOfRange;
    private double _samples;
    private double _sumMinutes;
    private double _inRangeSumMinutes;
    private int _recentCount;
    private int _recentNext;

    /// <summary>Idle periods counted (after aging; may be fractional).</summary>
    public double Total => _counts.Sum() + _outOfRange;

    /// <summary>Idle periods longer than the range (after aging).</summary>
    public double OutOfRange => _outOfRange;

    /// <summary>Records one idle time.</summary>
    public void Record(TimeSpan idle)
    {
        if (idle < TimeSpan.Zero)
        {
            return;
        }

        _samples++;
        _sumMinutes += idle.TotalMinutes;
        var minutes = (int)Math.Floor(idle.TotalMinutes);
        if (minutes >= Bins)
        {
            _outOfRange++;
            _recentOutOfRange[_recentNext] = idle.TotalMinutes;
            _recentNext = (_recentNext + 1) % _recentOutOfRange.Length;
            _recentCount = Math.Min(_recentCount + 1, _recentOutOfRange.Length);
        }
        else
        {
            _counts[minutes]++;
            _inRangeSumMinutes += idle.TotalMinutes;
        }

        if (Total > AgingTotal)
        {
            for (var i = 0; i < Bins; i++)
            {
                _counts[i] /= 2;
            }

            _outOfRange /= 2;
            _samples /= 2;
            _sumMinutes /= 2;
            _inRangeSumMinutes /= 2;
        }
    }

    /// <summary>The warm window given the lead time (pre-warm moves earlier by it).</summary>
    public WarmWindow Window(TimeSpan leadTime)
    {
        var inRange = _counts.Sum();
        var total = inRange + _outOfRange;
        if (total < MinSamples)
        {
            return KeepAlive(total, total < 1 ? $"no idle period seen yet: prior keep-alive {PriorKeepAlive.TotalMinutes:0} min" : $"{total:0} idle period(s) seen");
        }

        if (_outOfRange > inRange && _recentCount > 0)
        {
            var recent = _recentOutOfRange.AsSpan(0, _recentCount).ToArray();
            Array.Sort(recent);
            var predicted = Forecasting.ResidualDistribution.Quantile(recent, 0.5);
            var preWarm = Max(TimeSpan.Zero, TimeSpan.FromMinutes(0.85 * predicted) - leadTime);
            return new WarmWindow(WarmWindowPolicy.OutOfRange, preWarm, TimeSpan.FromMinutes(1.15 * predicted), (int)total,
                $"most idle times exceed {Bins} min; next predicted at {predicted:0} min from the recent ones");
        }

        var mean = inRange / Bins;
        var variance = 0.0;
        foreach (var c in _counts)
        {
            variance += (c - mean) * (c - mean);
        }

        var cv = mean <= 0 ? 0 : Math.Sqrt(variance / Bins) / mean;
        var tail = Percentile(0.99);
        var end = TimeSpan.FromMinutes(1.1 * tail);
        if (total < MinPreWarmSamples && UpperBound(KeepAliveMiss, inRange, _inRangeSumMinutes) is { } bound && bound > 1.1 * tail)
        {
            // Fewer idle periods than a tail percentile can be read from: the exponential model's bound over those in range.
            end = TimeSpan.FromMinutes(Math.Min(bound, Bins));
        }
        if (cv < RepresentativeCv)
        {
            return new WarmWindow(WarmWindowPolicy.KeepAlive, TimeSpan.Zero, end, (int)total,
                $"idle times are spread out (CV of bins {cv:0.00} < {RepresentativeCv}): keep warm to the 99th percentile {tail:0.#} min, no pre-warm");
        }

        var head = Percentile(0.05);
        var start = total < MinPreWarmSamples ? TimeSpan.Zero : Max(TimeSpan.Zero, TimeSpan.FromMinutes(0.9 * head) - leadTime);
        return new WarmWindow(WarmWindowPolicy.Histogram, start, end, (int)total,
            $"idle times: 5th percentile {head:0.#} min, 99th {tail:0.#} min (CV of bins {cv:0.00})" + (total < MinPreWarmSamples ? $"; no pre-warm until {MinPreWarmSamples} idle periods" : ""));
    }

    /// <summary>The upper bound of the next idle time while few are known (see the type's remarks).</summary>
    private WarmWindow KeepAlive(double total, string reason)
    {
        var bound = UpperBoundMinutes(KeepAliveMiss);
        var until = bound is { } b ? TimeSpan.FromMinutes(Math.Min(b, Bins)) : PriorKeepAlive;
        return new WarmWindow(WarmWindowPolicy.KeepAlive, TimeSpan.Zero, until, (int)total,
            $"{reason}: keep warm {until.TotalMinutes:0.#} min, no pre-warm");
    }

    /// <summary>t with P(next idle time &gt; t) = <paramref name="miss"/> under the exponential model's posterior predictive; null before any idle period.</summary>
    private double? UpperBoundMinutes(double miss) => UpperBound(miss, _samples, _sumMinutes);

    private static double? UpperBound(double miss, double samples, double sumMinutes) =>
        samples < 1 || sumMinutes <= 0 ? null : sumMinutes * (Math.Pow(miss, -1 / samples) - 1);

    /// <summary>
    /// The probability that the next activity starts within <paramref name="within"/> given that the workload has been
    /// idle for <paramref name="idle"/>: P(idle time ≤ idle + within | idle time &gt; idle) from the histogram; null when
    /// too few idle periods are known.
    /// </summary>
    public double? ProbabilityOfActivity(TimeSpan idle, TimeSpan within)
    {
        var total = _counts.Sum() + _outOfRange;
        if (total < MinSamples)
        {
            // The exponential model's posterior predictive: P(X <= idle + within | X > idle).
            if (_samples < 1 || _sumMinutes <= 0)
            {
                return null;
            }

            var survive = Math.Pow(1 + (idle.TotalMinutes / _sumMinutes), -_samples);
            var beyond = Math.Pow(1 + ((idle + within).TotalMinutes / _sumMinutes), -_samples);
            return survive <= 0 ? 0 : 1 - (beyond / survive);
        }

        var from = idle.TotalMinutes;
        var to = (idle + within).TotalMinutes;
        double surviving = _outOfRange, hit = 0;
        for (var i = 0; i < Bins; i++)
        {
            // A bin i holds idle times in [i, i + 1) minutes; count the part of it after 'from' (uniform within the bin).
            var lo = (double)i;
            var hi = i + 1.0;
            var after = Math.Clamp((hi - Math.Max(lo, from)) / (hi - lo), 0, 1);
            var inside = Math.Clamp((Math.Min(hi, to) - Math.Max(lo, from)) / (hi - lo), 0, 1);
            surviving += _counts[i] * after;
            hit += _counts[i] * inside;
        }

        return surviving <= 0 ? 0 : hit / surviving;
    }

    private double Percentile(double q)
    {
        var inRange = _counts.Sum();
        var target = q * inRange;
        double cumulative = 0;
        for (var i = 0; i < Bins; i++)
        {
            if (cumulative + _counts[i] >= target && _counts[i] > 0)
            {
                // Interpolate within the bin.
                return i + ((target - cumulative) / _counts[i]);
            }

            cumulative += _counts[i];
        }

        return Bins;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
