using System.Globalization;

namespace Autoscaler.Prediction;

/// <summary>
/// The combination rule: replicas = min(max(reactive, predictive, warm minimum), maxReplicaCount), and never below
/// the reactive answer (a forecast may raise replicas; it never lowers them). The lower clamp (minReplicaCount) stays
/// the engine's own clamp stage. In <see cref="PredictionMode.Preview"/> the result is the reactive answer and the
/// forecast is only reported. Pure.
/// </summary>
public static class ReplicaCombiner
{
    /// <summary>Combines.</summary>
    /// <param name="forecast">The forecast (from <see cref="WorkloadPredictor.Forecast(DateTimeOffset)"/>).</param>
    /// <param name="options">The predictor's options (mode, cap).</param>
    /// <param name="reactive">The replicas the reactive rules ask for (after activation and cooldown).</param>
    /// <param name="current">The current replicas.</param>
    /// <param name="maxReplicas">maxReplicaCount.</param>
    public static PredictionDecision Combine(DemandForecast forecast, PredictorOptions options, int reactive, int current, int maxReplicas)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(options);
        int? predictive = null;
        var capNote = "";
        if (forecast.PredictedDemand is { } demand)
        {
            // The demand floor only decides between none and one replica (fuzz around zero); above that, a demand
            // that passes a whole replica needs another one, or the excess is served late.
            var raw = demand < WorkloadPredictor.DemandFloor ? 0 : CeilReplicas(demand);
            var cap = CeilReplicas(Math.Max(Math.Max(reactive, current), 1) * options.MaxScaleUpFactor);
            predictive = Math.Min(raw, cap);
            if (raw > cap)
            {
                capNote = $" (capped from {raw} by maxScaleUpFactor {options.MaxScaleUpFactor.ToString(CultureInfo.InvariantCulture)})";
            }
        }

        var warm = current == 0 ? forecast.WarmMinimumFromZero : forecast.WarmMinimum;
        var wanted = Math.Max(reactive, Math.Max(predictive ?? 0, warm));
        var combined = wanted > reactive ? Math.Max(reactive, Math.Min(wanted, maxReplicas)) : reactive;
        var describe = predictive is { } p
            ? string.Create(CultureInfo.InvariantCulture, $"forecast q{forecast.Quantile:0.##} demand {forecast.PredictedDemand:0.##} over [now+{forecast.LeadTime.TotalSeconds:0}s, +{forecast.Window.TotalSeconds:0}s] → {p}{capNote}")
            : "no forecast yet";
        if (options.Mode != PredictionMode.Active)
        {
            return new PredictionDecision(reactive, reactive, predictive, warm, false, $"preview: {describe}; warm minimum {warm}; acting reactively at {reactive}", forecast);
        }

        if (combined <= reactive)
        {
            return new PredictionDecision(reactive, reactive, predictive, warm, false, $"reactive {reactive} ≥ {describe}, warm minimum {warm}", forecast);
        }

        var source = predictive is { } pr && pr >= warm ? describe : $"warm minimum {warm}: {forecast.Group ?? forecast.WarmWindow.Reason}";
        return new PredictionDecision(combined, reactive, predictive, warm, true, $"raised from reactive {reactive} to {combined}: {source}", forecast);
    }

    private static int CeilReplicas(double x)
    {
        if (double.IsNaN(x) || x <= 0)
        {
            return 0;
        }

        var c = Math.Ceiling(x - 1e-9);
        return c >= int.MaxValue ? int.MaxValue : (int)c;
    }
}
