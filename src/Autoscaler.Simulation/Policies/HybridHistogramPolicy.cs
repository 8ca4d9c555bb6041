namespace Autoscaler.Simulation.Policies;

/// <summary>
/// The hybrid histogram policy of Shahrad et al., "Serverless in the Wild" (USENIX ATC 2020, §4.2), per function:
/// idle times (minutes between invocation minutes) go into a histogram of 1-minute bins over 4 hours. When the
/// histogram is representative (coefficient of variation of the bin counts ≥ 2), the pre-warm window is its 5th
/// percentile (minus a 10 % margin) and the keep-alive window reaches to its 99th percentile (plus 10 %): after an
/// invocation the instance is unloaded, loaded again at the pre-warm time, and kept until the keep-alive ends.
/// When it is not representative (or empty), a conservative fixed keep-alive of the histogram range (4 h) with no
/// pre-warm. When most idle times are out of range (&gt; 4 h), the paper uses an ARIMA forecast; here the forecast is
/// the mean of the recent out-of-range idle times (pre-warm at 85 % of it, keep-alive to 115 %), a documented simplification.
/// While invoked, the function runs ceil(rate / capacity) pods.
/// </summary>
public sealed class HybridHistogramPolicy : IScalingPolicy
{
    /// <summary>The histogram range: 240 one-minute bins (4 h).</summary>
    public const int RangeMinutes = 240;

    /// <inheritdoc />
    public string Name => "hybrid-histogram";

    /// <inheritdoc />
    public string Description => "hybrid histogram keep-alive/pre-warm (Shahrad et al., Serverless in the Wild, USENIX ATC 2020)";

    /// <inheritdoc />
    public IPolicyController Start(PolicySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new Controller(settings.CapacityPerPod, settings.IntervalSeconds * 1000L);
    }

    /// <summary>The pre-warm and keep-alive windows (minutes) for a histogram of idle times.</summary>
    public static (int PreWarm, int KeepAlive, string Mode) Windows(int[] bins, int outOfRange, IReadOnlyList<int> recentOutOfRange)
    {
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentNullException.ThrowIfNull(recentOutOfRange);
        var inRange = 0;
        foreach (var b in bins)
        {
            inRange += b;
        }

        var total = inRange + outOfRange;
        if (total == 0)
        {
            return (0, RangeMinutes, "no idle times yet: fixed keep-alive 4 h");
        }

        if (outOfRange * 2 > total && recentOutOfRange.Count > 0)
        {
            var predicted = recentOutOfRange.Average();
            var preWarm = (int)Math.Floor(predicted * 0.85);
            return (preWarm, (int)Math.Ceiling(predicted * 1.15) - preWarm, "mostly out of range: forecast idle time");
        }

        var mean = (double)inRange / bins.Length;
        var variance = 0.0;
        foreach (var b in bins)
        {
            variance += (b - mean) * (b - mean);
        }

        var cv = mean == 0 ? 0 : Math.Sqrt(variance / bins.Length) / mean;
        if (cv < 2)
        {
            return (0, RangeMinutes, $"histogram not representative (CV {cv:0.##} < 2): fixed keep-alive 4 h");
        }

        var head = Percentile(bins, inRange, 0.05);
        var tail = Percentile(bins, inRange, 0.99);
        var pre = (int)Math.Floor(head * 0.9);
        var keep = Math.Max(1, (int)Math.Ceiling(tail * 1.1) - pre);
        return (pre, keep, "histogram");
    }

    private static int Percentile(int[] bins, int total, double p)
    {
        var rank = p * total;
        var seen = 0;
        for (var i = 0; i < bins.Length; i++)
        {
            seen += bins[i];
            if (seen >= rank && seen > 0)
            {
                return i;
            }
        }

        return bins.Length - 1;
    }

    private sealed class Controller(double capacity, long intervalMs) : IPolicyController
    {
        private readonly int[] _bins = new int[RangeMinutes];
        private readonly List<int> _recentOutOfRange = [];
        private int _outOfRange;
        private long _lastMinute = -1;
        private int _preWarm;
        private int _keepAlive = RangeMinutes;

        public PolicyDecision Decide(in PolicyObservation o)
        {
            var next = ((o.NowMs / intervalMs) + 1) * intervalMs;
            var minute = o.NowMs / 60_000;
            var need = (int)Math.Ceiling((o.Demand.CurrentRate / capacity) - 1e-9);
            if (need > 0)
            {
                if (_lastMinute >= 0 && minute > _lastMinute)
                {
                    var idle = (int)(minute - _lastMinute - 1);
                    if (idle >= RangeMinutes)
                    {
                        _outOfRange++;
                        _recentOutOfRange.Add(idle);
                        if (_recentOutOfRange.Count > 10)
                        {
                            _recentOutOfRange.RemoveAt(0);
                        }
                    }
                    else
                    {
                        _bins[idle]++;
                    }

                    (_preWarm, _keepAlive, _) = Windows(_bins, _outOfRange, _recentOutOfRange);
                }

                _lastMinute = minute;
                return new PolicyDecision(need, next);
            }

            if (_lastMinute < 0)
            {
                return new PolicyDecision(0, next);
            }

            var since = minute - _lastMinute;
            var warm = _preWarm == 0 ? since <= _keepAlive : since >= _preWarm && since <= _preWarm + _keepAlive;
            return new PolicyDecision(warm ? 1 : 0, next);
        }
    }
}
