using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace Autoscaler.Prediction.Seasonality;

/// <summary>
/// Finds the dominant period of a series, whatever it is (AUTOPERIOD-style, Vlachos et al., SDM 2005):
/// 1. gaps are interpolated, the series is averaged down to at most <see cref="MaxPoints"/> points and detrended;
/// 2. periodogram (FFT): a frequency is a candidate when its power exceeds the power that the same values reach
///    once shuffled (a permutation test: shuffling keeps the distribution and destroys any order, so the shuffled
///    maxima are what chance alone gives);
/// 3. each candidate (and its multiples, since a weekly pattern often shows as daily harmonics) is confirmed on
///    the autocorrelation function: it must sit on a hill of the ACF (a local maximum that rises clearly above the
///    trough before it), and it is refined to the hill's top at full resolution;
/// 4. a confirmed period must matter: its seasonal profile must move demand by a material fraction of the mean
///    (a faint ripple on a flat metric is not worth a seasonal model); among those that do, the shortest wins unless
///    a longer one predicts the newest third of the series (from the mean of previous cycles) clearly better;
/// 5. the winner alone is refined at full resolution, sharpened on its farthest repeat, and snapped to a whole
///    multiple of a shorter material period it contains (a week is seven well-measured days).
/// Pure and deterministic: the shuffles are seeded from the data.
/// </summary>
public static class PeriodDetector
{
    /// <summary>The most points the periodogram works on; longer series are averaged down. 4096.</summary>
    public const int MaxPoints = 4096;

    private const int Permutations = 20;
    private const int MaxCandidates = 8;

    /// <summary>The least seasonal swing (profile standard deviation over mean demand) for a period to count. 15 %.</summary>
    private const double MinProfileSwing = 0.15;

    /// <summary>How much better a longer period must predict than a shorter one to be preferred. 10 %.</summary>
    private const double LongerPeriodMargin = 0.1;

    /// <summary>
    /// Detects the period of <paramref name="series"/> (NaN = missing). Periods must repeat at least twice in the
    /// data and be at least <paramref name="minPeriod"/> steps long.
    /// </summary>
    public static PeriodDetection Detect(ReadOnlySpan<double> series, int minPeriod = 4)
    {
        var n = series.Length;
        if (n < 32)
        {
            return PeriodDetection.None($"too little history ({n} steps)");
        }

        var filled = Interpolate(series, out var missing);
        if (missing > n / 2)
        {
            return PeriodDetection.None($"too much history is missing ({missing} of {n} steps)");
        }

        var factor = (n + MaxPoints - 1) / MaxPoints;
        var x = Aggregate(filled, factor);
        var m = x.Length;
        Detrend(x);
        var variance = x.Sum(v => v * v) / m;
        if (variance <= 1e-12)
        {
            return PeriodDetection.None("the series is constant");
        }

        // Periodogram and the permutation threshold.
        var power = Periodogram(x);
        var random = new Random(Seed(x));
        var shuffled = (double[])x.Clone();
        var maxima = new double[Permutations];
        for (var r = 0; r < Permutations; r++)
        {
            random.Shuffle(shuffled);
            var p = Periodogram(shuffled);
            maxima[r] = p.Skip(1).Max();
        }

        Array.Sort(maxima);
        var threshold = maxima[^1]; // the largest of 20 shuffles: chance exceeds it with probability 1/21 (about 5 %)

        // Red noise (a slowly wandering level) piles power into low frequencies that a shuffle cannot reproduce, so a
        // candidate must also beat the AR(1) spectrum fitted to the series (lag-1 autocorrelation and variance), at a
        // level corrected for the number of frequencies looked at.
        var phi = Math.Clamp(LagCorrelation(x, 1), 0, 0.999);
        var innovation = variance * (1 - (phi * phi));
        var looks = Math.Log(power.Length / 0.01);

        // Candidates: local maxima of the periodogram above both thresholds, at least two cycles in the data.
        var minK = 2;
        var maxK = Math.Min(power.Length - 1, (int)Math.Floor(m * factor / (double)Math.Max(2, minPeriod)));
        var candidates = new List<(int K, double Power)>();
        for (var k = minK; k <= maxK; k++)
        {
            var red = m * innovation / (1 + (phi * phi) - (2 * phi * Math.Cos(2 * Math.PI * k / m))) * looks;
            if (power[k] > threshold && power[k] > red && power[k] >= power[k - 1] && (k + 1 >= power.Length || power[k] >= power[k + 1]))
            {
                candidates.Add((k, power[k]));
            }
        }

        if (candidates.Count == 0)
        {
            return PeriodDetection.None("no frequency stands out of the periodogram of the shuffled series and of red noise");
        }

        candidates = [.. candidates.OrderByDescending(c => c.Power).Take(MaxCandidates)];
        var acf = Autocorrelation(x);
        var confirmed = new List<(double Period, double Acf, double Power)>();
        var tried = new HashSet<long>();
        void TryConfirm(int lo, int hi, double strength)
        {
            lo = Math.Max(2, lo);
            hi = Math.Min(m / 2, hi);
            if (lo >= hi || !tried.Add(((long)lo << 32) | (uint)hi) || Hill(acf, lo, hi) is not { } lag)
            {
                return;
            }

            // Cheap at this stage: the hill top on the averaged ACF, interpolated; only the winner is refined at full resolution.
            var refined = AcfParabola(acf, lag) * factor;
            var rho = acf[lag];
            if (refined >= minPeriod && confirmed.All(c => Math.Abs(c.Period - refined) > Math.Max(1, 0.02 * refined)))
            {
                confirmed.Add((refined, rho, strength));
            }
        }

        foreach (var (k, p) in candidates)
        {
            // The bin k covers periods between m/(k+0.5) and m/(k-0.5) (in aggregated steps); a pattern that repeats
            // with a longer period shows as its harmonics, so multiples are tried too.
            for (var multiple = 1; multiple <= 8 && multiple * m / (double)k <= m / 2.0; multiple++)
            {
                TryConfirm((int)Math.Floor(multiple * m / (k + 0.5)), (int)Math.Ceiling(multiple * m / (k - 0.5)), p / threshold);
            }
        }

        // And a long period may contain a shorter one (a week holds seven days) whose own bin was too coarse to show:
        // whole divisors of each confirmed period are tried on the ACF.
        foreach (var (period, _, strength) in confirmed.ToList())
        {
            var lagPeriod = period / factor;
            for (var divisor = 2; divisor <= 8 && lagPeriod / divisor >= Math.Max(2, minPeriod / (double)factor); divisor++)
            {
                var centre = lagPeriod / divisor;
                TryConfirm((int)Math.Floor(centre * 0.97), (int)Math.Ceiling(centre * 1.03), strength);
            }
        }

        if (confirmed.Count == 0)
        {
            return PeriodDetection.None("no significant frequency is confirmed by a hill of the autocorrelation");
        }

        // A period must matter for capacity: its seasonal profile must move demand by a material fraction of the
        // mean level (a faint daily ripple on a flat metric is noise to an autoscaler, and the quantile headroom
        // covers it). Among those that do, each is scored by how well the mean of the previous cycles predicts the
        // newest part of the series; a longer period must earn its extra freedom by predicting clearly better.
        var mean = filled.Average();
        var scored = confirmed
            .Select(c => (c.Period, c.Acf, c.Power, Swing: ProfileSwing(filled, c.Period, mean), Error: CycleMeanError(filled, c.Period)))
            .ToList();
        var material = scored.Where(c => c.Swing >= MinProfileSwing && c.Acf >= 0.2).OrderBy(c => c.Period).ToList();
        if (material.Count == 0)
        {
            var strongest = scored.MaxBy(c => c.Swing);
            return PeriodDetection.None($"no confirmed period moves demand materially (largest seasonal swing {strongest.Swing:P0} of the mean at {strongest.Period:0.#} steps, autocorrelation {strongest.Acf:0.00})");
        }

        var best = material[0];
        foreach (var c in material.Skip(1))
        {
            // Better by a clear fraction of the shorter period's error, and by an amount that matters next to the
            // demand itself (two near-perfect fits do not make the longer one worth its freedom).
            if (c.Error < (1 - LongerPeriodMargin) * best.Error && best.Error - c.Error > 0.02 * mean)
            {
                best = c;
            }
        }

        // The winner alone is refined at full resolution: the best lag near it, then sharpened on its farthest repeat.
        var sharp = RefineOverCycles(filled, Refine(filled, (int)Math.Round(best.Period), factor), factor);
        best = best with { Period = sharp, Acf = LagCorrelation(filled, (int)Math.Round(sharp)) };
        for (var i = 0; i < material.Count; i++)
        {
            if (material[i].Period < best.Period)
            {
                var r = RefineOverCycles(filled, Refine(filled, (int)Math.Round(material[i].Period), factor), factor);
                material[i] = material[i] with { Period = r };
            }
        }

        // A long period that is a whole multiple of a shorter material one is set to exactly that multiple: the short
        // period repeats more often in the data, so its estimate is the sharper one (a week is 7 refined days).
        foreach (var shorter in material)
        {
            var ratio = best.Period / shorter.Period;
            var whole = Math.Round(ratio);
            if (shorter.Period < best.Period && whole >= 2 && Math.Abs(ratio - whole) <= 0.02 * whole)
            {
                best = best with { Period = whole * shorter.Period };
                break;
            }
        }

        return new PeriodDetection(best.Period, best.Acf, best.Power,
            $"period {best.Period:0.#} steps: periodogram {best.Power:0.0}× the chance level, autocorrelation {best.Acf:0.00}, seasonal swing {best.Swing:P0} of the mean");
    }

    /// <summary>The standard deviation of the seasonal profile (mean per phase, in up to 48 bins per cycle) over the mean level.</summary>
    private static double ProfileSwing(double[] x, double period, double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        var bins = (int)Math.Min(48, Math.Floor(period));
        var sums = new double[bins];
        var counts = new int[bins];
        for (var i = 0; i < x.Length; i++)
        {
            var phase = (i % period) / period;
            var b = Math.Min(bins - 1, (int)(phase * bins));
            sums[b] += x[i];
            counts[b]++;
        }

        double m = 0;
        var used = 0;
        for (var b = 0; b < bins; b++)
        {
            if (counts[b] > 0)
            {
                sums[b] /= counts[b];
                m += sums[b];
                used++;
            }
        }

        m /= Math.Max(1, used);
        double variance = 0;
        for (var b = 0; b < bins; b++)
        {
            if (counts[b] > 0)
            {
                variance += (sums[b] - m) * (sums[b] - m);
            }
        }

        return Math.Sqrt(variance / Math.Max(1, used)) / mean;
    }

    /// <summary>The mean absolute error, over the newest third of the series, of predicting each value by the mean of the same phase in up to 7 previous cycles.</summary>
    private static double CycleMeanError(double[] x, double period)
    {
        var start = Math.Max((int)Math.Ceiling(period), x.Length * 2 / 3);
        double error = 0;
        var count = 0;
        for (var t = start; t < x.Length; t++)
        {
            double sum = 0;
            var k = 0;
            for (var c = 1; c <= 7; c++)
            {
                var i = t - (int)Math.Round(c * period);
                if (i < 0)
                {
                    break;
                }

                sum += x[i];
                k++;
            }

            if (k > 0)
            {
                error += Math.Abs(x[t] - (sum / k));
                count++;
            }
        }

        return count == 0 ? double.PositiveInfinity : error / count;
    }

    /// <summary>Linear interpolation over missing values (ends take the nearest value).</summary>
    internal static double[] Interpolate(ReadOnlySpan<double> series, out int missing)
    {
        var n = series.Length;
        var result = new double[n];
        missing = 0;
        var last = -1;
        for (var i = 0; i < n; i++)
        {
            if (double.IsNaN(series[i]))
            {
                missing++;
                continue;
            }

            result[i] = series[i];
            if (last < 0)
            {
                for (var j = 0; j < i; j++)
                {
                    result[j] = series[i];
                }
            }
            else if (i - last > 1)
            {
                for (var j = last + 1; j < i; j++)
                {
                    result[j] = series[last] + ((series[i] - series[last]) * (j - last) / (i - last));
                }
            }

            last = i;
        }

        if (last >= 0)
        {
            for (var j = last + 1; j < n; j++)
            {
                result[j] = series[last];
            }
        }

        return result;
    }

    private static double[] Aggregate(double[] x, int factor)
    {
        if (factor == 1)
        {
            return (double[])x.Clone();
        }

        var m = x.Length / factor;
        var result = new double[m];
        var offset = x.Length - (m * factor);
        for (var i = 0; i < m; i++)
        {
            double sum = 0;
            for (var j = 0; j < factor; j++)
            {
                sum += x[offset + (i * factor) + j];
            }

            result[i] = sum / factor;
        }

        return result;
    }

    private static void Detrend(double[] x)
    {
        var n = x.Length;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            sx += i;
            sy += x[i];
            sxx += (double)i * i;
            sxy += i * x[i];
        }

        var slope = ((n * sxy) - (sx * sy)) / ((n * sxx) - (sx * sx));
        var intercept = (sy - (slope * sx)) / n;
        for (var i = 0; i < n; i++)
        {
            x[i] -= intercept + (slope * i);
        }
    }

    private static double[] Periodogram(double[] x)
    {
        var n = x.Length;
        var size = 1;
        while (size < n)
        {
            size <<= 1;
        }

        // Power of two for speed: zero-padding interpolates the spectrum; bins are mapped back to k = f × n below.
        var buffer = new Complex[size];
        for (var i = 0; i < n; i++)
        {
            buffer[i] = new Complex(x[i], 0);
        }

        Fourier.Forward(buffer, FourierOptions.NoScaling);
        var power = new double[(n / 2) + 1];
        for (var k = 0; k < power.Length; k++)
        {
            // Frequency k/n cycles per step sits at bin k × size / n of the padded transform.
            var bin = k * (double)size / n;
            var lo = (int)Math.Floor(bin);
            var hi = Math.Min(size / 2, lo + 1);
            var w = bin - lo;
            power[k] = ((1 - w) * buffer[lo].Magnitude * buffer[lo].Magnitude) + (w * buffer[hi].Magnitude * buffer[hi].Magnitude);
        }

        return power;
    }

    private static double[] Autocorrelation(double[] x)
    {
        var n = x.Length;
        var size = 1;
        while (size < 2 * n)
        {
            size <<= 1;
        }

        var buffer = new Complex[size];
        for (var i = 0; i < n; i++)
        {
            buffer[i] = new Complex(x[i], 0);
        }

        Fourier.Forward(buffer, FourierOptions.NoScaling);
        for (var i = 0; i < size; i++)
        {
            var magnitude = buffer[i].Magnitude;
            buffer[i] = new Complex(magnitude * magnitude, 0);
        }

        Fourier.Inverse(buffer, FourierOptions.NoScaling);
        var acf = new double[n];
        var zero = buffer[0].Real / n;
        for (var lag = 0; lag < n; lag++)
        {
            // Unbiased: divide by the overlap, so long lags are not penalised for their shorter overlap.
            acf[lag] = buffer[lag].Real / (n - lag) / zero;
        }

        return acf;
    }

    /// <summary>The top of an ACF hill within [lo, hi]: a local maximum that rises above the trough before it; null when none.</summary>
    private static int? Hill(double[] acf, int lo, int hi)
    {
        var best = -1;
        for (var lag = Math.Max(1, lo); lag <= hi && lag < acf.Length - 1; lag++)
        {
            if (acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1] && (best < 0 || acf[lag] > acf[best]))
            {
                best = lag;
            }
        }

        if (best < 0)
        {
            return null;
        }

        var trough = double.MaxValue;
        for (var lag = 1; lag < best; lag++)
        {
            trough = Math.Min(trough, acf[lag]);
        }

        // A hill, not a shoulder of a decaying ACF: the peak must rise clearly above the lowest point before it.
        return acf[best] - trough >= 0.1 && acf[best] > 0 ? best : null;
    }

    /// <summary>Refines an aggregated lag to full resolution: the best lag within one aggregation step, with a parabolic fit.</summary>
    private static double Refine(double[] x, int lag, int factor)
    {
        if (factor == 1)
        {
            return Parabola(x, lag);
        }

        var best = lag;
        var bestValue = double.MinValue;
        for (var l = Math.Max(2, lag - factor); l <= lag + factor && l < x.Length / 2; l++)
        {
            var v = LagCorrelation(x, l);
            if (v > bestValue)
            {
                bestValue = v;
                best = l;
            }
        }

        return Parabola(x, best);
    }

    private static double AcfParabola(double[] acf, int lag)
    {
        if (lag < 1 || lag + 1 >= acf.Length)
        {
            return lag;
        }

        var denominator = acf[lag - 1] - (2 * acf[lag]) + acf[lag + 1];
        return denominator >= 0 ? lag : lag + Math.Clamp(0.5 * (acf[lag - 1] - acf[lag + 1]) / denominator, -0.5, 0.5);
    }

    /// <summary>
    /// Sharpens a period estimate on the farthest repeat the data allows: the ACF peak near k × P has the same
    /// absolute error as the one near P, so dividing its lag by k divides the error by k.
    /// </summary>
    private static double RefineOverCycles(double[] x, double period, int factor)
    {
        var k = Math.Min(8, (int)Math.Floor(x.Length / 2.0 / period));
        if (k < 2)
        {
            return period;
        }

        var centre = (int)Math.Round(k * period);

        // The estimate is good to about one averaging step or 1 %, whichever is more; never search wider than half a
        // period, so the search cannot slide onto the neighbouring repeat.
        var uncertainty = Math.Max(factor + 1, (int)Math.Ceiling(0.01 * period));
        var width = Math.Max(1, Math.Min(k * uncertainty, (int)(period / 2)));
        var best = centre;
        var bestValue = double.MinValue;
        for (var l = Math.Max(2, centre - width); l <= centre + width && l < x.Length - 3; l++)
        {
            var v = LagCorrelation(x, l);
            if (v > bestValue)
            {
                bestValue = v;
                best = l;
            }
        }

        var refined = Parabola(x, best) / k;
        return Math.Abs(refined - period) <= uncertainty ? refined : period;
    }

    private static double Parabola(double[] x, int lag)
    {
        if (lag < 2 || lag + 1 >= x.Length)
        {
            return lag;
        }

        var a = LagCorrelation(x, lag - 1);
        var b = LagCorrelation(x, lag);
        var c = LagCorrelation(x, lag + 1);
        var denominator = a - (2 * b) + c;
        if (denominator >= 0)
        {
            return lag;
        }

        var shift = 0.5 * (a - c) / denominator;
        return lag + Math.Clamp(shift, -0.5, 0.5);
    }

    /// <summary>The Pearson correlation of the series with itself shifted by <paramref name="lag"/>.</summary>
    internal static double LagCorrelation(ReadOnlySpan<double> x, int lag)
    {
        var n = x.Length - lag;
        if (lag <= 0 || n < 3)
        {
            return 0;
        }

        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            var a = x[i];
            var b = x[i + lag];
            if (double.IsNaN(a) || double.IsNaN(b))
            {
                continue;
            }

            sa += a;
            sb += b;
            saa += a * a;
            sbb += b * b;
            sab += a * b;
            count++;
        }

        if (count < 3)
        {
            return 0;
        }

        var cov = sab - (sa * sb / count);
        var va = saa - (sa * sa / count);
        var vb = sbb - (sb * sb / count);
        return va <= 1e-12 || vb <= 1e-12 ? 0 : cov / Math.Sqrt(va * vb);
    }

    private static int Seed(double[] x)
    {
        var hash = 17;
        for (var i = 0; i < x.Length; i += Math.Max(1, x.Length / 64))
        {
            hash = (hash * 31) + x[i].GetHashCode();
        }

        return hash;
    }
}
