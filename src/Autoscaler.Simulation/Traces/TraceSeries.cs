namespace Autoscaler.Simulation.Traces;

/// <summary>One demand series (one function or service): requests in each interval of the trace.</summary>
/// <param name="Name">The series' name (a function hash prefix, or the file name).</param>
/// <param name="Requests">Requests arriving in each interval (uniformly within it).</param>
public sealed record TraceSeries(string Name, double[] Requests)
{
    /// <summary>
    /// The group the series belongs to (Azure Functions: its application, HashApp), whose members wake together;
    /// null when the trace says nothing (every other format).
    /// </summary>
    public string? Group { get; init; }
}
