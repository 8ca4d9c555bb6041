namespace Autoscaler.Benchmarks;

/// <summary>One benchmark: run with <c>dotnet run -c Release --project tests/Autoscaler.Benchmarks -- NAME [args]</c>.</summary>
public interface IBenchmark
{
    /// <summary>The name on the command line.</summary>
    string Name { get; }

    /// <summary>What it measures, for the list.</summary>
    string Description { get; }

    /// <summary>Runs it and prints a markdown table row or block to stdout.</summary>
    Task RunAsync(string[] args);
}
