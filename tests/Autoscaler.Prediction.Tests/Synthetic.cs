namespace Autoscaler.Prediction.Tests;

/// <summary>Synthetic demand series, seeded.</summary>
internal static class Synthetic
{
    /// <summary>A smooth periodic series: base + amplitude × sin, with Gaussian noise of the given sd, at one value per step.</summary>
    public static double[] Sine(int length, double period, double baseLevel, double amplitude, double noise, int seed, double trendPerStep = 0)
    {
        var random = new Random(seed);
        var x = new double[length];
        for (var i = 0; i < length; i++)
        {
            x[i] = Math.Max(0, baseLevel + (trendPerStep * i) + (amplitude * Math.Sin(2 * Math.PI * i / period)) + (noise * Gaussian(random)));
        }

        return x;
    }

    /// <summary>A spiky periodic series: a burst of the given width every period, Poisson-like noise elsewhere.</summary>
    public static double[] Bursts(int length, int period, int width, double height, double noise, int seed)
    {
        var random = new Random(seed);
        var x = new double[length];
        for (var i = 0; i < length; i++)
        {
            x[i] = Math.Max(0, (i % period < width ? height : 1) + (noise * Gaussian(random)));
        }

        return x;
    }

    /// <summary>A random walk around a level (no period).</summary>
    public static double[] RandomWalk(int length, double level, double stepSd, int seed)
    {
        var random = new Random(seed);
        var x = new double[length];
        var v = level;
        for (var i = 0; i < length; i++)
        {
            v = Math.Max(0, v + (stepSd * Gaussian(random)) + (0.01 * (level - v)));
            x[i] = v;
        }

        return x;
    }

    /// <summary>Standard normal.</summary>
    public static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
