namespace Autoscaler.Prediction.Forecasting;

/// <summary>
/// Fits the candidate models and picks one by rolling-origin backtest: the models are fitted on the older part of
/// the history, then walked through the newest part one step at a time; at every origin each forecasts the next
/// <c>horizon</c> steps, and the errors are scored by MASE (mean absolute error over the in-sample error of the
/// naive forecast: seasonal naive when there is a period, last value otherwise). The errors of the winner, per
/// horizon step, become its prediction intervals, split by the level forecast (see <see cref="ResidualDistribution"/>).
/// </summary>
internal static class ModelSelector
{
    /// <summary>Fewest steps of history before any model is fitted.</summary>
    public const int MinHistory = 60;

    /// <summary>Fits on y (NaN = missing) with an optional period (in steps) for a horizon of at least 1 step.</summary>
    public static ModelFit Fit(ReadOnlySpan<double> y, int? period, int horizon)
    {
        horizon = Math.Max(1, horizon);
        var n = y.Length;
        var observed = 0;
        foreach (var v in y)
        {
            if (!double.IsNaN(v))
            {
                observed++;
            }
        }

        if (n < MinHistory || observed < MinHistory / 2)
        {
            return new ModelFit(null, null, null, new Dictionary<ForecastModelKind, double>(), null, $"too little history to forecast ({observed} observed steps, need {MinHistory})");
        }

        var test = Math.Max(Math.Min(n / 4, 7 * 1440), Math.Min(n / 2, (3 * horizon) + 20));
        var trainLength = n - test;
        var train = y[..trainLength];
        var p = period is { } pp && pp >= 2 && trainLength >= pp + Math.Max(10, pp / 4) ? pp : (int?)null;
        var scale = NaiveScale(train, p ?? 1);

        var candidates = new List<IForecastModel>();
        if (p is { } sp)
        {
            candidates.Add(SeasonalNaiveModel.Fit(train, sp));
            var fitLength = Math.Min(trainLength, Math.Max(3 * sp, 2000));
            candidates.Add(HoltWintersModel.Fit(train[(trainLength - fitLength)..], sp));
        }

        candidates.Add(DampedTrendModel.Fit(train[Math.Max(0, trainLength - 2000)..]));

        var mase = new Dictionary<ForecastModelKind, double>();
        IForecastModel? best = null;
        List<double>[]? bestErrors = null;
        List<double>[]? bestLevels = null;
        var bestScore = double.PositiveInfinity;
        var forecast = new double[horizon];
        foreach (var model in candidates)
        {
            var errors = new List<double>[horizon];
            var levels = new List<double>[horizon];
            for (var h = 0; h < horizon; h++)
            {
                errors[h] = new List<double>(test);
                levels[h] = new List<double>(test);
            }

            double absolute = 0;
            var count = 0;
            for (var t = trainLength; t < n; t++)
            {
                model.Forecast(forecast);
                for (var h = 0; h < horizon && t + h < n; h++)
                {
                    var actual = y[t + h];
                    if (double.IsNaN(actual))
                    {
                        continue;
                    }

                    var e = actual - forecast[h];
                    errors[h].Add(e);
                    levels[h].Add(forecast[h]);
                    absolute += Math.Abs(e);
                    count++;
                }

                model.Update(y[t]);
            }

            var score = count == 0 ? double.PositiveInfinity : absolute / count / scale;
            mase[model.Kind] = score;
            if (score < bestScore)
            {
                bestScore = score;
                best = model;
                bestErrors = errors;
                bestLevels = levels;
            }
        }

        if (best is null || bestErrors is null)
        {
            return new ModelFit(null, p, null, mase, null, "no model could be scored (the backtest window has no observed values)");
        }

        return new ModelFit(best, p, bestScore, mase, ResidualDistribution.From(bestErrors, bestLevels),
            $"{best.Kind} ({best.Parameters}) has the lowest backtest MASE {bestScore:0.###} over {test} origins");
    }

    /// <summary>The in-sample mean absolute error of the (seasonal) naive forecast; never 0.</summary>
    private static double NaiveScale(ReadOnlySpan<double> y, int lag)
    {
        double sum = 0;
        var count = 0;
        double level = 0;
        var levelCount = 0;
        for (var t = lag; t < y.Length; t++)
        {
            if (!double.IsNaN(y[t]) && !double.IsNaN(y[t - lag]))
            {
                sum += Math.Abs(y[t] - y[t - lag]);
                count++;
            }

            if (!double.IsNaN(y[t]))
            {
                level += Math.Abs(y[t]);
                levelCount++;
            }
        }

        var floor = Math.Max(1e-9, 1e-3 * (levelCount == 0 ? 0 : level / levelCount));
        return count == 0 ? Math.Max(floor, 1) : Math.Max(floor, sum / count);
    }
}
