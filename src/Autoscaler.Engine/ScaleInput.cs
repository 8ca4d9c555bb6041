using Autoscaler.Model;

namespace Autoscaler.Engine;

/// <summary>Everything one decision depends on. <see cref="Now"/> is an argument: the engine never reads a clock.</summary>
/// <param name="Spec">The ScaledObject's spec.</param>
/// <param name="Triggers">This round's reads, one per trigger.</param>
/// <param name="CurrentReplicas">The target's replica count now (its spec; 0 when scaled to zero).</param>
/// <param name="State">What the engine returned last time.</param>
/// <param name="Now">The time of the decision.</param>
public sealed record ScaleInput(
    ScaledObjectSpec Spec,
    IReadOnlyList<TriggerSample> Triggers,
    int CurrentReplicas,
    ScalerState State,
    DateTimeOffset Now)
{
    private static readonly Dictionary<string, string> NoAnnotations = [];

    /// <summary>The object's annotations (pause annotations are read from here). Empty by default.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = NoAnnotations;

    /// <summary>Ready pods now (Knative mode scales relative to them); null means <see cref="CurrentReplicas"/>.</summary>
    public int? ReadyReplicas { get; init; }

    /// <summary>
    /// The object's forecast, computed by the caller from its per-object predictor; null (the default) when prediction
    /// is off or there is no history yet: the decision is then exactly the reactive one.
    /// </summary>
    public PredictionInput? Prediction { get; init; }

    /// <summary>
    /// Whether the decision builds its reason text (<see cref="ScaleDecision.Message"/> and the per-trigger
    /// explanations). The default is true (the service shows the text in its REST API, status and logs). A caller that
    /// never reads the text (the <c>simulate</c> replay) sets false: the text is then empty and costs nothing, and the
    /// replica count, reason and state are exactly the same.
    /// </summary>
    public bool Explain { get; init; } = true;
}
