using Autoscaler.Service.Cli;

namespace Autoscaler.Tests.Simulation;

public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("simulate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task SameInput_SameOutputFilesBitForBit()
    {
        var trace = WriteSyntheticTrace();
        var first = Path.Combine(_dir, "a");
        var second = Path.Combine(_dir, "b");
        Assert.Equal(0, await Run("simulate", "--trace", trace, "--format", "csv", "--capacity-per-pod", "2", "--out", first));
        Assert.Equal(0, await Run("simulate", "--trace", trace, "--capacity-per-pod", "2", "--out", second));
        AssertSameFiles(first, second);
        var report = File.ReadAllText(Path.Combine(first, "report.md"));
        foreach (var policy in new[] { "keda-default", "knative-kpa", "fixed-keepalive-10m", "hybrid-histogram", "hpa" })
        {
            Assert.Contains($"| synthetic | {policy} |", report, StringComparison.Ordinal);
        }

        Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(first, "synthetic.svg")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_SharedTraces_SameOutputBitForBitWithTablesAndPlots()
    {
        var traces = Autoscaler.Testing.RepoPaths.Traces;
        if (!Directory.Exists(traces) && !Autoscaler.Testing.RepoPaths.IsCi)
        {
            return; // the shared traces are absent outside CI; in CI they are always there
        }

        // The small traces of the shared folder, every policy, twice.
        var subset = Path.Combine(_dir, "traces");
        Directory.CreateDirectory(subset);
        foreach (var file in new[] { "azure-functions-2019-sample/invocations_per_function_sample_9fn_1day.csv", "azure-llm-inference-2023/AzureLLMInferenceTrace_code.csv" })
        {
            File.Copy(Path.Combine(traces, file), Path.Combine(subset, Path.GetFileName(file)));
        }

        var first = Path.Combine(_dir, "a");
        var second = Path.Combine(_dir, "b");
        Assert.Equal(0, await Run("simulate", "--all", "--traces", subset, "--cold-start", "2s", "--out", first));
        Assert.Equal(0, await Run("simulate", "--all", "--traces", subset, "--cold-start", "2s", "--out", second));
        AssertSameFiles(first, second);
        var table = File.ReadAllText(Path.Combine(first, "comparison.md"));
        Assert.Contains("[AzureLLMInferenceTrace_code](AzureLLMInferenceTrace_code.svg)", table, StringComparison.Ordinal);
        Assert.Matches(@"\| invocations_per_function_sample_9fn_1day \| hybrid-histogram \| 1,061 \| \d+ \| [\d.]+ \| [\d.]+ \|", table);
        Assert.True(File.Exists(Path.Combine(first, "invocations_per_function_sample_9fn_1day.svg")));
    }

    [Fact]
    public async Task TruncatedTrace_ExitsOneWithFileAndLine()
    {
        var trace = Path.Combine(_dir, "nasa.csv");
        File.WriteAllText(trace, "minute_start_unix_utc,minute_start_local_edt,requests,outage\n804571200,1995-07-01 00:00,42,0\n804571260,1995-07-0");
        var error = new StringWriter();
        var code = await AutoscalerCli.InvokeAsync(["simulate", "--trace", trace, "--format", "nasa", "--out", Path.Combine(_dir, "out")], new StringWriter(), error);
        Assert.Equal(1, code);
        Assert.Contains($"{trace}:3: expected 4 columns, got 2 (is the file truncated?)", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--policy", "keda-defualt", "unknown policy 'keda-defualt'")]
    [InlineData("--cold-start", "soon", "--cold-start: 'soon' is not a duration")]
    [InlineData("--capacity-per-pod", "0", "--capacity-per-pod: must be greater than 0")]
    [InlineData("--format", "parquet", "--format: unknown format 'parquet'")]
    public async Task BadOption_ExitsTwoWithReason(string option, string value, string message)
    {
        var trace = WriteSyntheticTrace();
        var error = new StringWriter();
        var code = await AutoscalerCli.InvokeAsync(["simulate", "--trace", trace, option, value, "--out", Path.Combine(_dir, "out")], new StringWriter(), error);
        Assert.Equal(2, code);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyYaml_RunsEngineWithUsersSpec()
    {
        var trace = WriteSyntheticTrace();
        var yaml = Path.Combine(_dir, "mine.yaml");
        File.WriteAllText(yaml, """
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata:
              name: mine
            spec:
              scaleTargetRef:
                name: web
              minReplicaCount: 2
              pollingInterval: 10
              triggers:
                - type: demo
                  name: requests
                  metadata:
                    targetValue: "3"
            """);
        var output = Path.Combine(_dir, "out");
        Assert.Equal(0, await Run("simulate", "--trace", trace, "--policy", yaml, "--out", output));
        var row = File.ReadAllLines(Path.Combine(output, "report.md")).Single(l => l.StartsWith("| synthetic | mine |", StringComparison.Ordinal));
        Assert.StartsWith("| synthetic | mine | 46,278 | 11 | ", row, StringComparison.Ordinal); // minReplicaCount 2 from the first decision: only the first 2 s (cold start) are cold
    }

    private static async Task<int> Run(params string[] args)
    {
        var error = new StringWriter();
        var code = await AutoscalerCli.InvokeAsync(args, new StringWriter(), error);
        Assert.True(code == 0, error.ToString());
        return code;
    }

    private string WriteSyntheticTrace()
    {
        var path = Path.Combine(_dir, "synthetic.csv");
        var lines = new List<string> { "timestamp,requests" };
        for (var i = 0; i < 600; i++)
        {
            var requests = (i % 97 < 20 ? 300 : 0) + (i % 13 == 0 ? 40 : 0) + (i * 7 % 11);
            lines.Add($"{1_700_000_000 + (i * 60)},{requests}");
        }

        File.WriteAllLines(path, lines);
        return path;
    }

    private static void AssertSameFiles(string first, string second)
    {
        var a = Directory.GetFiles(first).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var b = Directory.GetFiles(second).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(a, b);
        Assert.NotEmpty(a);
        foreach (var file in a)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(first, file!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(second, file!))), $"{file} differs");
        }
    }
}
