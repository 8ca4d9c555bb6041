namespace Autoscaler.Engine;

/// <summary>One second of Knative mode's window: the sum and number of the values recorded in it.</summary>
/// <param name="Second">The Unix second.</param>
/// <param name="Sum">The sum of the observed values (pods at 100 % of target) recorded in that second.</param>
/// <param name="Count">How many values were recorded in that second.</param>
public readonly record struct KnativeBucket(long Second, double Sum, int Count);
