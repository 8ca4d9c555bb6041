using Autoscaler.Simulation;
using Autoscaler.Simulation.Policies;
using Autoscaler.Simulation.Traces;
using Autoscaler.Testing;

namespace Autoscaler.Tests.Simulation;

/// <summary>
/// The fast replay (decisions without reason text, histories appended in place) gives exactly the results of the
/// reference replay (every decision explained, as the service's are): same numbers to the last bit, per interval.
/// </summary>
public sealed class ReplayEquivalenceTests
{
    private static readonly SimulationOptions Options = new() { CapacityPerPod = 1, ColdStart = TimeSpan.FromSeconds(2) };

    [Theory]
    [InlineData("keda-default")]
    [InlineData("knative-kpa")]
    [InlineData("hpa")]
    public void NasaFirstThreeDays_FastReplay_SameResultsAsReference(string name)
    {
        if (SharedTrace("nasa-http-1995", "nasa_july_1995_per_minute.csv") is not { } path)
        {
            return;
        }

        var full = TraceReader.Read(path, TraceFormat.Nasa);
        var trace = full with { Series = [new TraceSeries("nasa", full.Series[0].Requests[..(3 * 24 * 60)])] };
        AssertSameAsReference(trace, name);
    }

    [Theory]
    [InlineData("keda-default")]
    [InlineData("knative-kpa")]
    [InlineData("hpa")]
    public void BurstsAndSilence_FastReplay_SameResultsAsReference(string name)
    {
        // Bursts (panic, scale-up limits), silences past every cooldown and grace period (scale to zero), ramps.
        var requests = new double[24 * 60];
        for (var i = 0; i < requests.Length; i++)
        {
            var hour = i / 60;
            requests[i] = hour % 5 == 4 ? 0 : hour % 7 == 3 ? 3000 * (i % 3) : (i * 37 % 101) + (hour * 11);
        }

        AssertSameAsReference(new Trace("bursts", 60, DateTimeOffset.UnixEpoch, [new TraceSeries("bursts", requests)]), name);
    }

    [Theory]
    [InlineData("keda-default")]
    [InlineData("knative-kpa")]
    [InlineData("hpa")]
    public void AzureFunctionsSample_FastReplayWithRestSkipping_SameResultsAsReference(string name)
    {
        // A sparse trace: the fast replay skips the ticks of idle intervals while the object is at rest
        // (ScaleEngine.IsAtRest); the reference replay decides every tick.
        if (SharedTrace("azure-functions-2019-sample", "invocations_per_function_sample_9fn_1day.csv") is not { } path)
        {
            return;
        }

        var trace = TraceReader.Read(path, TraceFormat.AzureFunctions);
        Assert.True(trace.Series.Count > 1, "the sample has several functions");
        foreach (var series in trace.Series)
        {
            AssertSameAsReference(trace with { Series = [series] }, name);
        }
    }

    /// <summary>The path of a shared trace; null outside CI when the shared traces are absent (as in SimulateCommandTests); in CI they must be there.</summary>
    private static string? SharedTrace(string folder, string file)
    {
        if (!Directory.Exists(RepoPaths.Traces) && !RepoPaths.IsCi)
        {
            return null;
        }

        var path = Path.Combine(RepoPaths.Traces, folder, file);
        Assert.True(File.Exists(path), $"the shared trace {path} is missing");
        return path;
    }

    private static void AssertSameAsReference(Trace trace, string name)
    {
        var fast = (EnginePolicy)PolicyCatalog.Baselines.Single(p => p.Name == name);
        var reference = fast.AsReference();
        var fastCapacity = new double[trace.Intervals];
        var referenceCapacity = new double[trace.Intervals];
        var fastResult = Simulator.Run(trace, trace.Series[0], fast, Options, fastCapacity);
        var referenceResult = Simulator.Run(trace, trace.Series[0], reference, Options, referenceCapacity);
        Assert.True(referenceResult.ScaleActions > 0, "the trace makes the policy scale");
        Assert.Equal(referenceResult, fastResult);
        Assert.Equal(referenceCapacity, fastCapacity);
    }
}
