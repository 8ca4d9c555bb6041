namespace Autoscaler.Prediction.Forecasting;

/// <summary>
/// The backtest errors (actual − forecast) of a model per horizon step, kept as 101 percentiles per step so that any
/// quantile can be read later without holding the raw errors. The errors of a step are also split by the level the
/// model forecast when it made them (equal-count bands of that level), because demand's noise usually grows with its
/// level (an arrival count's spread grows like its square root): one spread for all levels would be too wide at night
/// and too narrow at the peak. <see cref="Quantile(int, double, double)"/> reads the band of the forecast at hand
/// (interpolating between the bands' middle levels); a workload whose errors do not depend on the level gets bands
/// that agree, and the result is the same as one distribution.
/// </summary>
internal sealed class ResidualDistribution
{
    private const int Levels = 101;

    /// <summary>Errors per band at least: fewer, and a band's upper percentiles would rest on a handful of errors.</summary>
    internal const int MinBandSamples = 500;

    /// <summary>Bands per step at most.</summary>
    internal const int MaxBands = 8;

    private readonly double[][] _percentiles;
    private readonly Band[][] _bands;

    private ResidualDistribution(double[][] percentiles, Band[][] bands, int samples)
    {
        _percentiles = percentiles;
        _bands = bands;
        Samples = samples;
    }

    /// <summary>Horizon steps covered.</summary>
    public int Horizon => _percentiles.Length;

    /// <summary>Errors seen at horizon 1.</summary>
    public int Samples { get; }

    /// <summary>Level bands at horizon 1 (1 when the errors were too few to split).</summary>
    public int BandCount => _bands.Length == 0 ? 1 : Math.Max(1, _bands[0].Length);

    public int Bytes
    {
        get
        {
            var bytes = (_percentiles.Length * ((Levels * sizeof(double)) + 24)) + 32;
            foreach (var bands in _bands)
            {
                bytes += 24 + (bands.Length * ((Levels * sizeof(double)) + 48));
            }

            return bytes;
        }
    }

    /// <summary>The distribution of the errors per step, with no levels (one band per step).</summary>
    public static ResidualDistribution From(List<double>[] errors) => From(errors, null);

    /// <summary>
    /// The distribution of <paramref name="errors"/> per step; when <paramref name="levels"/> (the forecast each error
    /// was made against, same shape) is given, each step is also split into level bands.
    /// </summary>
    public static ResidualDistribution From(List<double>[] errors, List<double>[]? levels)
    {
        var percentiles = new double[errors.Length][];
        var bands = new Band[errors.Length][];
        for (var h = 0; h < errors.Length; h++)
        {
            var source = errors[h].Count > 0 ? h : Math.Max(0, h - 1);
            var sorted = errors[source].ToArray();
            Array.Sort(sorted);
            percentiles[h] = Percentiles(sorted);
            bands[h] = levels is null ? [] : SplitByLevel(errors[source], levels[source]);
        }

        return new ResidualDistribution(percentiles, bands, errors.Length > 0 ? errors[0].Count : 0);
    }

    /// <summary>The q-quantile of the error at horizon step h (1-based; beyond the horizon, the last step's), over all levels.</summary>
    public double Quantile(int h, double q) => Read(_percentiles[Step(h)], q);

    /// <summary>
    /// The q-quantile of the error at horizon step h for a forecast of <paramref name="level"/>: read from the level
    /// bands when the step has them (linear between the bands' middle levels, the outer bands' beyond them).
    /// </summary>
    public double Quantile(int h, double q, double level)
    {
        var step = Step(h);
        var bands = _bands[step];
        if (bands.Length < 2 || double.IsNaN(level))
        {
            return Read(_percentiles[step], q);
        }

        if (level <= bands[0].Middle)
        {
            return Read(bands[0].Percentiles, q);
        }

        for (var b = 1; b < bands.Length; b++)
        {
            if (level <= bands[b].Middle)
            {
                var lo = bands[b - 1];
                var hi = bands[b];
                var w = hi.Middle - lo.Middle <= 0 ? 1 : (level - lo.Middle) / (hi.Middle - lo.Middle);
                var a = Read(lo.Percentiles, q);
                return a + (w * (Read(hi.Percentiles, q) - a));
            }
        }

        return Read(bands[^1].Percentiles, q);
    }

    /// <summary>The probability that the error at step h exceeds <paramref name="threshold"/>.</summary>
    public double Exceedance(int h, double threshold)
    {
        var p = _percentiles[Step(h)];
        if (threshold < p[0])
        {
            return 1;
        }

        if (threshold >= p[Levels - 1])
        {
            return 0;
        }

        for (var l = 1; l < Levels; l++)
        {
            if (p[l] > threshold)
            {
                var w = p[l] - p[l - 1] <= 0 ? 1 : (threshold - p[l - 1]) / (p[l] - p[l - 1]);
                return 1 - ((l - 1 + w) / (Levels - 1));
            }
        }

        return 0;
    }

    internal static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 1)
        {
            return sorted[0];
        }

        var position = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(sorted.Length - 1, lo + 1);
        return sorted[lo] + ((position - lo) * (sorted[hi] - sorted[lo]));
    }

    private int Step(int h) => Math.Clamp(h, 1, _percentiles.Length) - 1;

    private static double Read(double[] p, double q)
    {
        var position = Math.Clamp(q, 0, 1) * (Levels - 1);
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(Levels - 1, lo + 1);
        return p[lo] + ((position - lo) * (p[hi] - p[lo]));
    }

    private static double[] Percentiles(double[] sorted)
    {
        var p = new double[Levels];
        for (var l = 0; l < Levels; l++)
        {
            p[l] = sorted.Length == 0 ? 0 : Quantile(sorted, l / (double)(Levels - 1));
        }

        return p;
    }

    /// <summary>Equal-count bands of the forecast level (as many as keep <see cref="MinBandSamples"/> errors each, up to <see cref="MaxBands"/>).</summary>
    private static Band[] SplitByLevel(List<double> errors, List<double> levels)
    {
        var n = Math.Min(errors.Count, levels.Count);
        var count = Math.Min(MaxBands, n / MinBandSamples);
        if (count < 2)
        {
            return [];
        }

        var order = new int[n];
        var keys = new double[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
            keys[i] = levels[i];
        }

        Array.Sort(keys, order);
        var bands = new List<Band>(count);
        for (var b = 0; b < count; b++)
        {
            var from = (int)((long)b * n / count);
            var to = (int)((long)(b + 1) * n / count);
            if (bands.Count > 0 && keys[from] == keys[to - 1] && keys[from] == bands[^1].Middle)
            {
                continue; // a level that fills several bands (an idle series' zeros) is one band
            }

            var sorted = new double[to - from];
            for (var i = from; i < to; i++)
            {
                sorted[i - from] = errors[order[i]];
            }

            Array.Sort(sorted);
            bands.Add(new Band(Quantile(keys.AsSpan(from, to - from).ToArray(), 0.5), Percentiles(sorted)));
        }

        return bands.Count < 2 ? [] : [.. bands];
    }

    private readonly record struct Band(double Middle, double[] Percentiles);
}
