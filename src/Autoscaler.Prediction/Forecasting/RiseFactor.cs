namespace Autoscaler.Prediction.Forecasting;

/// <summary>
/// Learns how far this workload's demand rises above what was provisioned for a step by the decisions made before
/// the step began. When demand jumps at a step boundary, the first decision that sees it is one reaction time (tick +
/// cold start) late; whole replicas hide that for a workload of a few replicas, not for one of dozens. The predictor
/// records (<see cref="Provisioned"/>) the demand provisioned for each window that reaches into the next step (the
/// forecast's upper bound); when that step closes, the ratio of its mean to the latest provision is kept (the newest
/// <see cref="Capacity"/>). <see cref="Value"/> is their quantile at the provisioned quantile, refreshed by
/// <see cref="Refresh"/> (at each refit): 1 while nothing is known and never below 1, so a workload whose forecast
/// interval covers its steps as often as the quantile asks gets no extra capacity; one whose interval falls short
/// more often gets the shortfall it has shown.
/// </summary>
internal sealed class RiseFactor
{
    /// <summary>Ratios kept. 1024 (17 hours at one-minute steps).</summary>
    public const int Capacity = 1024;

    private readonly RatioWindow _ratios = new(Capacity);
    private readonly double[] _sorted = new double[Capacity];
    private long _stepIndex = long.MinValue;
    private double _sum;
    private int _samples;
    private readonly long[] _provisionedIndex = [long.MinValue, long.MinValue];
    private readonly double[] _provisioned = new double[2];

    /// <summary>The factor in use (at least 1).</summary>
    public double Value { get; private set; } = 1;

    /// <summary>Bytes held.</summary>
    public static int Bytes => (2 * Capacity * sizeof(double)) + 64;

    /// <summary>Adds a sample of demand that fell into step <paramref name="stepIndex"/>.</summary>
    public void Observe(long stepIndex, double demand)
    {
        if (stepIndex != _stepIndex)
        {
            Close();
            _stepIndex = stepIndex;
            _sum = 0;
            _samples = 0;
        }

        _sum += demand;
        _samples++;
    }

    /// <summary>Recomputes <see cref="Value"/> as the <paramref name="quantile"/> of the ratios kept.</summary>
    public void Refresh(double quantile)
    {
        var ratios = _ratios.Values;
        var count = ratios.Length;
        if (count == 0)
        {
            Value = 1;
            return;
        }

        ratios.CopyTo(_sorted);
        Array.Sort(_sorted, 0, count);
        var rank = Math.Clamp((int)Math.Ceiling((quantile * count) - 1e-9) - 1, 0, count - 1);
        Value = Math.Max(1, _sorted[rank]);
    }

    private void Close()
    {
        if (_samples == 0)
        {
            return;
        }

        var mean = _sum / _samples;
        var slot = (int)(_stepIndex & 1);
        var basis = _provisionedIndex[slot] == _stepIndex ? _provisioned[slot] : 0;
        if (basis >= WorkloadPredictor.DemandFloor && mean >= WorkloadPredictor.DemandFloor)
        {
            _ratios.Add(mean / basis);
        }
    }

    /// <summary>
    /// Records the demand provisioned for step <paramref name="stepIndex"/> (before any rise) by a decision made
    /// before that step began; the latest one counts. When the step closes, its mean over this provision is kept.
    /// </summary>
    public void Provisioned(long stepIndex, double demand)
    {
        var slot = (int)(stepIndex & 1);
        _provisionedIndex[slot] = stepIndex;
        _provisioned[slot] = demand;
    }
}
