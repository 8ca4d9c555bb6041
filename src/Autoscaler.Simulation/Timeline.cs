namespace Autoscaler.Simulation;

/// <summary>Per trace interval: the demand (requests/s) and the mean ready capacity (requests/s), summed over series.</summary>
/// <param name="Demand">Mean demand per interval, requests per second.</param>
/// <param name="ReadyCapacity">Mean ready capacity per interval, requests per second.</param>
public sealed record Timeline(double[] Demand, double[] ReadyCapacity);
