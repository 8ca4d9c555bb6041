namespace Autoscaler.Prediction.Forecasting;

/// <summary>
/// The backtest errors (actual − forecast) of a model per horizon step, kept as 101 percentiles per step so that any
/// quantile can be read later without holding the raw errors.
/// </summary>
internal sealed class ResidualDistribution
{
    private const int Levels = 101;
    private readonly double[][] _percentiles;

    private ResidualDistribution(double[][] percentiles, int samples)
    {
        _percentiles = percentiles;
        Samples = samples;
    }

    /// <summary>Horizon steps covered.</summary>
    public int Horizon => _percentiles.Length;

    /// <summary>Errors seen at horizon 1.</summary>
    public int Samples { get; }

    public int Bytes => (_percentiles.Length * ((Levels * sizeof(double)) + 24)) + 32;

    public static ResidualDistribution From(List<double>[] errors)
    {
        var percentiles = new double[errors.Length][];
        for (var h = 0; h < errors.Length; h++)
        {
            var sorted = errors[h].Count > 0 ? errors[h].ToArray() : errors[Math.Max(0, h - 1)].ToArray();
            Array.Sort(sorted);
            var p = new double[Levels];
            for (var l = 0; l < Levels; l++)
            {
                p[l] = sorted.Length == 0 ? 0 : Quantile(sorted, l / (double)(Levels - 1));
            }

            percentiles[h] = p;
        }

        return new ResidualDistribution(percentiles, errors.Length > 0 ? errors[0].Count : 0);
    }

    /// <summary>The q-quantile of the error at horizon step h (1-based; beyond the horizon, the last step's).</summary>
    public double Quantile(int h, double q)
    {
        var p = _percentiles[Math.Clamp(h, 1, _percentiles.Length) - 1];
        var position = Math.Clamp(q, 0, 1) * (Levels - 1);
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(Levels - 1, lo + 1);
        return p[lo] + ((position - lo) * (p[hi] - p[lo]));
    }

    /// <summary>The probability that the error at step h exceeds <paramref name="threshold"/>.</summary>
    public double Exceedance(int h, double threshold)
    {
        var p = _percentiles[Math.Clamp(h, 1, _percentiles.Length) - 1];
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
}
