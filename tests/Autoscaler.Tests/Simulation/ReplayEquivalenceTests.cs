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
        var (fast, reference) = (0, 0);
        foreach (var series in trace.Series)
        {
            var (f, r) = AssertSameAsReference(trace with { Series = [series] }, name);
            (fast, reference) = (fast + f, reference + r);
        }

        // At rest the fast replay skips to the next interval with demand, and Knative holds skip steady ticks (hpa never rests).
        Assert.True(name == "hpa" || fast * 3 < reference, $"the fast replay skips decisions: {fast} of {reference}");
    }

    [Theory]
    [InlineData(1.0, 10)]
    [InlineData(0.1, 4)]
    public void NasaFirstDay_KnativeHolds_FarFewerDecisionsSameResults(double capacity, int fewerBy)
    {
        // The fast replay decides only where a Knative decision can change (ScaleEngine.HoldTicks); the reference
        // decides every 2 s tick. Same results to the last bit, at pod capacities that give ~1-7 and ~10-70 pods.
        if (SharedTrace("nasa-http-1995", "nasa_july_1995_per_minute.csv") is not { } path)
        {
            return;
        }

        var full = TraceReader.Read(path, TraceFormat.Nasa);
        var trace = full with { Series = [new TraceSeries("nasa", full.Series[0].Requests[..(24 * 60)])] };
        var (fastDecisions, referenceDecisions) = AssertSameAsReference(trace, "knative-kpa", new SimulationOptions { CapacityPerPod = capacity, ColdStart = TimeSpan.FromSeconds(2) });
        Assert.Equal(24 * 60 * 30, referenceDecisions);
        Assert.True(fastDecisions * fewerBy < referenceDecisions, $"the fast replay holds decisions: {fastDecisions} of {referenceDecisions} ticks decided");
    }

    [Fact]
    public void NoisyRatesOnCountBoundaries_KnativeHolds_SameResultsAsReference()
    {
        // Per-minute demand whose stable average sits within a hair of a count boundary (rate / 70 % = k ± 1e-9 pods)
        // for minutes on end, with bursts into panic and silences: the holds must stop where the exact in-order
        // average may step, and pick up the panic and grace rules as deciding every tick does.
        var requests = new double[6 * 60];
        for (var i = 0; i < requests.Length; i++)
        {
            var k = 1 + (i / 7 % 9);
            requests[i] = i % 45 == 44 ? 0 : i % 31 == 30 ? 2000 : 60 * 0.7 * (k + ((i % 3) - 1) * 1e-9);
        }

        var (fast, reference) = AssertSameAsReference(new Trace("boundaries", 60, DateTimeOffset.UnixEpoch, [new TraceSeries("boundaries", requests)]), "knative-kpa", Options);
        Assert.True(fast * 3 < reference, $"decisions held: {fast} of {reference}");
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

    /// <summary>Asserts the same results per interval; returns how many times each replay asked the policy.</summary>
    private static (int Fast, int Reference) AssertSameAsReference(Trace trace, string name, SimulationOptions? options = null)
    {
        options ??= Options;
        var policy = (EnginePolicy)PolicyCatalog.Baselines.Single(p => p.Name == name);
        var fast = new CountingPolicy(policy);
        var reference = new CountingPolicy(policy.AsReference());
        var fastCapacity = new double[trace.Intervals];
        var referenceCapacity = new double[trace.Intervals];
        var fastResult = Simulator.Run(trace, trace.Series[0], fast, options, fastCapacity);
        var referenceResult = Simulator.Run(trace, trace.Series[0], reference, options, referenceCapacity);
        Assert.True(referenceResult.ScaleActions > 0, "the trace makes the policy scale");
        Assert.Equal(referenceResult, fastResult);
        Assert.Equal(referenceCapacity, fastCapacity);
        return (fast.Decisions, reference.Decisions);
    }

    /// <summary>A policy that counts the decisions it is asked for.</summary>
    private sealed class CountingPolicy(IScalingPolicy inner) : IScalingPolicy
    {
        public int Decisions { get; private set; }

        public string Name => inner.Name;

        public string Description => inner.Description;

        public IPolicyController Start(PolicySettings settings) => new Controller(this, inner.Start(settings));

        private sealed class Controller(CountingPolicy owner, IPolicyController controller) : IPolicyController
        {
            public PolicyDecision Decide(in PolicyObservation observation)
            {
                owner.Decisions++;
                return controller.Decide(observation);
            }
        }
    }
}
