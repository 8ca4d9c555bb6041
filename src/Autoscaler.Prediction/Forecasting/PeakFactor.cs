namespace Autoscaler.Prediction.Forecasting;

/// <summary>
/// Learns how far demand rises above its step mean within one history step. The history (and every forecast) holds
/// one mean per step, but capacity must cover the demand as it arrives: a workload whose decisions see bursts inside
/// a step needs more than the mean, a smooth one does not. For each closed step with at least two samples and real
/// demand, the ratio of its largest sample to its mean is kept (the newest <see cref="Capacity"/>); the factor is
/// their mean, refreshed by <see cref="Refresh"/> (at each refit). 1 while nothing is known (one sample per step,
/// as when the polling interval equals the step, always gives 1).
/// </summary>
internal sealed class PeakFactor
{
    /// <summary>Ratios kept. 256.</summary>
    public const int Capacity = 256;

    private readonly RatioWindow _ratios = new(Capacity);
    private long _stepIndex = long.MinValue;
    private double _sum;
    private double _max;
    private int _samples;

    /// <summary>The factor in use (at least 1).</summary>
    public double Value { get; private set; } = 1;

    /// <summary>Bytes held.</summary>
    public static int Bytes => (Capacity * sizeof(double)) + 64;

    /// <summary>Adds a sample of demand that fell into step <paramref name="stepIndex"/>.</summary>
    public void Observe(long stepIndex, double demand)
    {
        if (stepIndex != _stepIndex)
        {
            Close();
            _stepIndex = stepIndex;
            _sum = 0;
            _max = 0;
            _samples = 0;
        }

        _sum += demand;
        _max = Math.Max(_max, demand);
        _samples++;
    }

    /// <summary>Recomputes <see cref="Value"/> from the ratios kept.</summary>
    public void Refresh()
    {
        var ratios = _ratios.Values;
        if (ratios.Length == 0)
        {
            Value = 1;
            return;
        }

        double total = 0;
        foreach (var ratio in ratios)
        {
            total += ratio;
        }

        Value = Math.Max(1, total / ratios.Length);
    }

    private void Close()
    {
        if (_samples < 2)
        {
            return;
        }

        var mean = _sum / _samples;
        if (mean < WorkloadPredictor.DemandFloor)
        {
            return;
        }

        _ratios.Add(_max / mean);
    }
}
