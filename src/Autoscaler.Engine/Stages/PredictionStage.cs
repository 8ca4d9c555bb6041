using Autoscaler.Prediction;

namespace Autoscaler.Engine.Stages;

/// <summary>
/// The predictive floor (<c>spec.prediction</c>): replicas = min(max(reactive, predictive, warm minimum), maxReplicaCount),
/// never below what the reactive stages decided. The warm minimum keeps one replica while the forecast probability of
/// demand within lead time + grace is at or above the threshold, so a scale to zero happens only when the forecast
/// allows it. In Preview mode the forecast is recorded in the decision and the message but the count stays reactive.
/// Without a forecast (<see cref="ScaleInput.Prediction"/> null: prediction off or no history yet) it does nothing.
/// While fallback or a pause is in force it only records the forecast.
/// </summary>
public sealed class PredictionStage : IScalingStage
{
    /// <inheritdoc />
    public string Name => "prediction";

    /// <inheritdoc />
    public void Apply(DecisionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Input.Prediction is not { } input)
        {
            return;
        }

        var reactive = context.Desired;
        var combined = ReplicaCombiner.Combine(input.Forecast, input.Options, reactive, context.Current, context.Input.Spec.MaxReplicaCount);
        context.Prediction = combined;
        if (input.Options.Mode != PredictionMode.Active)
        {
            context.Set(context.Desired, context.Reason, $"{context.Message}; {combined.Message}");
            return;
        }

        if (context.Fallback is not null || context.AllTriggersFailed)
        {
            return;
        }

        if (IsHeldOnlyByReactiveDelay(context, input.Forecast, input.Options) is { } why)
        {
            context.Set(0, ScaleReason.ScaledToZero, $"{context.Message}; {why}");
            return;
        }

        if (!combined.FromForecast || combined.Replicas <= reactive)
        {
            return;
        }

        context.Set(combined.Replicas, ScaleReason.Predicted, $"{context.Message}; {combined.Message}");
    }

    /// <summary>
    /// The last replica after activity ended is held by a reactive delay (cooldown, Knative's stable window and
    /// scale-to-zero grace) because the reactive rules cannot tell whether demand comes back. When the predictor has
    /// learned enough to tell (a probability of demand exists) and says demand within lead time + grace is below the
    /// threshold, with no warm minimum and no forecast demand, the object scales to zero now instead of waiting.
    /// Returns why, or null to leave the reactive answer alone.
    /// </summary>
    private static string? IsHeldOnlyByReactiveDelay(DecisionContext context, DemandForecast forecast, PredictorOptions options)
    {
        if (context.IsActive || context.Desired != 1 || context.Input.Spec.MinReplicaCount > 0
            || (context.Current == 0 ? forecast.WarmMinimumFromZero : forecast.WarmMinimum) > 0 || forecast.PredictedDemand is > 0 || forecast.ProbabilityOfDemand is not { } p
            || p >= options.ScaleToZeroThreshold)
        {
            return null;
        }

        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"scaled to zero by the forecast: probability of demand within lead time + grace ({(forecast.LeadTime + options.ScaleToZeroGrace).TotalSeconds:0}s) {p:0.###} < {options.ScaleToZeroThreshold:0.###}, no warm window ({forecast.WarmWindow.Reason})");
    }
}
