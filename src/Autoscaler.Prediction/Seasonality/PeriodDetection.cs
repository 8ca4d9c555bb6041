namespace Autoscaler.Prediction.Seasonality;

/// <summary>What period detection found.</summary>
/// <param name="PeriodSteps">The period in steps (may be fractional before rounding); null when none is significant.</param>
/// <param name="Autocorrelation">The autocorrelation of the series at the period (0..1); 0 when none.</param>
/// <param name="Power">The periodogram power of the period's frequency bin relative to the permutation threshold (&gt; 1 = significant).</param>
/// <param name="Reason">Why this result, in words.</param>
public sealed record PeriodDetection(double? PeriodSteps, double Autocorrelation, double Power, string Reason)
{
    /// <summary>No period.</summary>
    public static PeriodDetection None(string reason) => new(null, 0, 0, reason);

    /// <summary>The period rounded to whole steps (at least 2); null when none.</summary>
    public int? Period => PeriodSteps is { } p ? Math.Max(2, (int)Math.Round(p)) : null;
}
