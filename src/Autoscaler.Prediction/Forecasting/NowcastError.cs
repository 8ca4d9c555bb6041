namespace Autoscaler.Prediction.Forecasting;

/// <summary>
/// Learns how well the part of a step seen so far tells the whole step. A decision whose window lies in the step being
/// recorded knows that step's mean so far; the model's interval for the step was made before any of it was seen, so
/// provisioning for it keeps paying for uncertainty that has already resolved. For every closed step, the difference
/// between its final mean and the first mean seen in each quarter of its time is kept (with that partial mean, the
/// level), the newest <see cref="Capacity"/> per quarter. <see cref="Refresh"/> (at each refit) turns them into
/// quantiles per quarter, split by level like the model's residuals (<see cref="ResidualDistribution"/>).
/// <see cref="Upper"/> is then the partial mean plus the quantile of what steps like this one still did after the
/// same share of their time: small for a workload whose steps are steady, wide for one whose steps are bursty or end
/// higher than they start. Nothing until <see cref="MinSteps"/> steps have been seen in a quarter.
/// </summary>
internal sealed class NowcastError
{
    /// <summary>Differences kept per quarter. 1024 (17 hours at one-minute steps).</summary>
    public const int Capacity = 1024;

    /// <summary>Steps seen (per quarter) before the partial mean is trusted over the model's interval: as many as a model needs history.</summary>
    public const int MinSteps = ModelSelector.MinHistory;

    private const int Parts = 4;
    private readonly RatioWindow[] _errors = new RatioWindow[Parts];
    private readonly RatioWindow[] _levels = new RatioWindow[Parts];
    private readonly double[] _partial = new double[Parts];
    private readonly bool[] _seen = new bool[Parts];
    private long _stepIndex = long.MinValue;
    private double _last = double.NaN;
    private int _lastPart;
    private ResidualDistribution? _distribution;

    public NowcastError()
    {
        for (var p = 0; p < Parts; p++)
        {
            _errors[p] = new RatioWindow(Capacity);
            _levels[p] = new RatioWindow(Capacity);
        }
    }

    /// <summary>Bytes held (the kept differences and levels, and at most one distribution built from them).</summary>
    public int Bytes => (2 * Parts * Capacity * sizeof(double)) + (_distribution?.Bytes ?? 0) + 128;

    /// <summary>Whether <see cref="Upper"/> has learned enough to answer.</summary>
    public bool IsReady => _distribution is not null;

    /// <summary>
    /// Records that after <paramref name="elapsed"/> (0..1) of step <paramref name="stepIndex"/> its mean so far is
    /// <paramref name="partialMean"/>. A new step closes the previous one: its last mean is its final mean.
    /// </summary>
    public void Observe(long stepIndex, double elapsed, double partialMean)
    {
        if (double.IsNaN(partialMean))
        {
            return;
        }

        if (stepIndex != _stepIndex)
        {
            Close();
            _stepIndex = stepIndex;
            Array.Clear(_seen);
        }

        // The first mean seen in each quarter: the least informed one in it, so the spread read for any later
        // moment of that quarter is on the safe side.
        var part = Part(elapsed);
        if (!_seen[part])
        {
            _partial[part] = partialMean;
            _seen[part] = true;
        }

        _last = partialMean;
        _lastPart = part;
    }

    /// <summary>Rebuilds the quantiles from the differences kept; not ready while a quarter has fewer than <see cref="MinSteps"/>.</summary>
    public void Refresh()
    {
        var errors = new List<double>[Parts];
        var levels = new List<double>[Parts];
        for (var p = 0; p < Parts; p++)
        {
            var e = _errors[p].Values;
            var l = _levels[p].Values;
            errors[p] = [.. e];
            levels[p] = [.. l];
        }

        // A quarter no sample falls into (one sample per step lands in one quarter only) borrows its neighbour's,
        // as the model's residuals do past their horizon; a workload seen too little is not trusted at all.
        var any = false;
        for (var p = 0; p < Parts; p++)
        {
            any |= errors[p].Count >= MinSteps;
        }

        if (!any)
        {
            _distribution = null;
            return;
        }

        for (var p = 0; p < Parts; p++)
        {
            if (errors[p].Count < MinSteps)
            {
                var from = Nearest(errors, p);
                errors[p] = errors[from];
                levels[p] = levels[from];
            }
        }

        _distribution = ResidualDistribution.From(errors, levels);
    }

    /// <summary>
    /// The <paramref name="quantile"/> of the open step's final mean, given the mean seen so far in it, or null when
    /// not learned yet or when <paramref name="stepIndex"/> is not the step observed last.
    /// </summary>
    public double? Upper(long stepIndex, double quantile)
    {
        if (_distribution is not { } d || stepIndex != _stepIndex || double.IsNaN(_last))
        {
            return null;
        }

        return _last + d.Quantile(_lastPart + 1, quantile, _last);
    }

    private void Close()
    {
        if (_stepIndex == long.MinValue || double.IsNaN(_last))
        {
            return;
        }

        for (var p = 0; p < Parts; p++)
        {
            if (_seen[p])
            {
                _errors[p].Add(_last - _partial[p]);
                _levels[p].Add(_partial[p]);
            }
        }
    }

    private static int Part(double elapsed) => Math.Clamp((int)(elapsed * Parts), 0, Parts - 1);

    private static int Nearest(List<double>[] errors, int p)
    {
        for (var d = 1; d < Parts; d++)
        {
            if (p - d >= 0 && errors[p - d].Count >= MinSteps)
            {
                return p - d;
            }

            if (p + d < Parts && errors[p + d].Count >= MinSteps)
            {
                return p + d;
            }
        }

        return p;
    }
}
