namespace Autoscaler.Engine;

/// <summary>What one trigger alone would ask for.</summary>
/// <param name="Index">The trigger's index.</param>
/// <param name="Name">The trigger's name.</param>
/// <param name="Replicas">The replicas this trigger asks for; null when it failed.</param>
/// <param name="Explanation">How the number came about, for example <c>42 / 5 per replica → 9</c>.</param>
public sealed record TriggerRecommendation(int Index, string Name, int? Replicas, string Explanation);
