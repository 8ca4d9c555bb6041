namespace Autoscaler.Engine;

/// <summary>The result of one decision: a value, never an exception.</summary>
/// <param name="DesiredReplicas">The replica count to set.</param>
/// <param name="IsActive">Whether any trigger is active.</param>
/// <param name="Reason">What bound the result.</param>
/// <param name="Message">The reason in words, for people; empty when <see cref="ScaleInput.Explain"/> is false.</param>
/// <param name="State">The state to pass to the next decision.</param>
/// <param name="Recommendations">What each trigger alone asked for.</param>
public sealed record ScaleDecision(
    int DesiredReplicas,
    bool IsActive,
    ScaleReason Reason,
    string Message,
    ScalerState State,
    IReadOnlyList<TriggerRecommendation> Recommendations)
{
    /// <summary>Why fallback is in force; null when it is not.</summary>
    public string? Fallback { get; init; }

    /// <summary>Why scaling is paused (fully or in one direction); null when it is not.</summary>
    public string? Paused { get; init; }

    /// <summary>How the forecast was combined with the reactive answer this round; null when there was no forecast.</summary>
    public Autoscaler.Prediction.PredictionDecision? Prediction { get; init; }
}
