namespace Autoscaler.Prediction;

/// <summary>
/// Converts a trigger's metric into demand in replica units, the unit the predictor learns: how many replicas the
/// value would need before rounding up. Several triggers combine by taking the largest, as the HPA does.
/// </summary>
public static class ReplicaDemand
{
    /// <summary>
    /// <c>AverageValue</c> targets: value / target (the metric is a total, the target is per replica).
    /// <c>Value</c> targets: max(current, 1) × value / target (the metric is per replica already).
    /// Null when the read failed or the target is not positive (the step stays missing, not zero).
    /// </summary>
    /// <param name="value">The metric value; null when the read failed.</param>
    /// <param name="target">The target (per replica for <c>AverageValue</c>).</param>
    /// <param name="isAverageValue">Whether the target type is <c>AverageValue</c> (KEDA's default for external metrics).</param>
    /// <param name="currentReplicas">The current replica count (used by <c>Value</c> targets).</param>
    public static double? From(double? value, double target, bool isAverageValue, int currentReplicas)
    {
        if (value is not { } v || !double.IsFinite(v) || v < 0 || !(target > 0))
        {
            return null;
        }

        return isAverageValue ? v / target : Math.Max(currentReplicas, 1) * v / target;
    }
}
