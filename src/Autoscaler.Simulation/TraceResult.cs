using Autoscaler.Simulation.Traces;

namespace Autoscaler.Simulation;

/// <summary>Every policy on one trace.</summary>
/// <param name="Trace">The trace.</param>
/// <param name="Options">The simulated service.</param>
/// <param name="Demand">Demand per interval summed over series, requests per second.</param>
/// <param name="Policies">One result per policy, in the order given.</param>
public sealed record TraceResult(Trace Trace, SimulationOptions Options, double[] Demand, IReadOnlyList<PolicyResult> Policies);
