namespace Autoscaler.Runtime.Status;

/// <summary>One step of a forecast in the REST API.</summary>
/// <param name="Time">The step's start.</param>
/// <param name="Expected">The expected demand, in replicas.</param>
/// <param name="Upper">The demand at the provisioned quantile, in replicas.</param>
public sealed record PredictionPoint(DateTimeOffset Time, double Expected, double Upper);
