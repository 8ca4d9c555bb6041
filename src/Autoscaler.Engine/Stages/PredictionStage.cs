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

        if (context.Fallback is not null || context.AllTriggersFailed || !combined.FromForecast || combined.Replicas <= reactive)
        {
            return;
        }

        context.Set(combined.Replicas, ScaleReason.Predicted, $"{context.Message}; {combined.Message}");
    }
}
