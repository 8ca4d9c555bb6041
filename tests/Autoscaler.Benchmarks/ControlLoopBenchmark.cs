using System.Diagnostics;
using System.Globalization;
using System.Text;
using Autoscaler.Testing;

namespace Autoscaler.Benchmarks;

/// <summary>
/// N ScaledObjects with the in-memory demo scaler at a polling interval on the embedded cluster: start-up to ready,
/// then CPU (% of one core) and memory of the service over a steady window.
/// </summary>
internal sealed class ControlLoopBenchmark : IBenchmark
{
    public string Name => "control-loop";

    public string Description => "control-loop [objects=10000] [pollingSeconds=30] [windowSeconds=120]: CPU and memory of the loop";

    public async Task RunAsync(string[] args)
    {
        var objects = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var polling = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var window = TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 120);

        var yaml = new StringBuilder();
        for (var i = 0; i < objects; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"""
                apiVersion: autoscaler.dev/v1alpha1
                kind: ScaledObject
                metadata:
                  name: bench-{i}
                  namespace: bench
                spec:
                  scaleTargetRef:
                    name: bench-{i}
                  pollingInterval: {polling}
                  triggers:
                    - type: demo
                      metadata:
                        mode: manual
                        source: bench-{i % 100}
                ---

                """);
        }

        var process = Process.GetCurrentProcess();
        var files = new Dictionary<string, string> { ["bench.yaml"] = yaml.ToString() };
        yaml.Clear();
        var cpuAtStart = process.TotalProcessorTime;
        var started = Stopwatch.StartNew();
        await using var service = await TestService.StartAsync(files);
        var startedUp = started.Elapsed;
        process.Refresh();
        var startUpCpu = process.TotalProcessorTime - cpuAtStart;
        files.Clear();
        await Eventually.WaitAsync(async () =>
        {
            var list = await service.GetJsonAsync("/api/scaledobjects");
            return list.GetArrayLength() == objects && list.EnumerateArray().All(o => o.TryGetProperty("desiredReplicas", out _));
        }, "every object's first loop turn", TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(200));
        var ready = started.Elapsed;

        // Let start-up allocations settle, then measure a steady window.
        var (cpu, peak) = await SteadyWindow.MeasureAsync(TimeSpan.FromSeconds(Math.Min(polling, 10)), window);
        Console.WriteLine("| objects | polling | start to ready (config loaded, listening) | CPU time used by start-up | first turn of every object | CPU (% of one core) | working set (peak) | managed heap |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Console.WriteLine(FormattableString.Invariant(
            $"| {objects} | {polling} s | {startedUp.TotalSeconds:0.00} s | {startUpCpu.TotalSeconds:0.00} s | {ready.TotalSeconds:0.00} s | {cpu:0.00} % | {peak / 1048576.0:0} MB | {GC.GetTotalMemory(false) / 1048576.0:0} MB |"));
    }
}
