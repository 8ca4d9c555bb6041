using System.Diagnostics;
using System.Globalization;
using System.Text;
using Autoscaler.Scalers.Tests.Servers;
using Autoscaler.Testing;

namespace Autoscaler.Benchmarks;

/// <summary>
/// N ScaledObjects, each with an aws-sqs-queue trigger, polling Q queues on the fauxqs emulator (127.0.0.1) at a polling
/// interval: time until every object has had its first read, then CPU (% of one core) and memory of the service over a
/// steady window. The emulator runs in its own process and is not counted.
/// </summary>
internal sealed class SqsLoopBenchmark : IBenchmark
{
    public string Name => "sqs-loop";

    public string Description => "sqs-loop [objects=1000] [pollingSeconds=30] [windowSeconds=120] [queues=100]: CPU and memory with SQS triggers";

    public async Task RunAsync(string[] args)
    {
        var objects = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000;
        var polling = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var window = TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 120);
        var queues = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100;

        await using var fauxqs = await Fauxqs.StartAsync();
        using var sqs = fauxqs.SqsClient();
        var urls = new List<string>();
        for (var q = 0; q < queues; q++)
        {
            var url = (await sqs.CreateQueueAsync($"bench-{q}")).QueueUrl;
            urls.Add(url);
            for (var m = 0; m < q % 7; m++)
            {
                await sqs.SendMessageAsync(url, "m");
            }
        }

        // The service resolves credentials through the SDK's default chain (identityOwner: operator).
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", Fauxqs.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", Fauxqs.SecretKey);
        var yaml = new StringBuilder();
        for (var i = 0; i < objects; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata:
                  name: bench-{i}
                  namespace: bench
                spec:
                  scaleTargetRef:
                    name: bench-{i}
                  pollingInterval: {polling}
                  triggers:
                    - type: aws-sqs-queue
                      metadata:
                        queueURL: {urls[i % queues]}
                        awsRegion: {Fauxqs.Region}
                        awsEndpoint: {fauxqs.Endpoint}
                        identityOwner: operator
                ---

                """);
        }

        var started = Stopwatch.StartNew();
        await using var service = await TestService.StartAsync(new Dictionary<string, string> { ["bench.yaml"] = yaml.ToString() });
        await Eventually.WaitAsync(async () =>
        {
            var list = await service.GetJsonAsync("/api/scaledobjects");
            return list.GetArrayLength() == objects && list.EnumerateArray().All(o =>
                o.TryGetProperty("triggers", out var t) && t.GetArrayLength() == 1 && t[0].TryGetProperty("value", out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number);
        }, "every object's first successful SQS read", TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(500));
        var ready = started.Elapsed;

        // Let start-up allocations settle, then measure a steady window.
        var (cpu, peak) = await SteadyWindow.MeasureAsync(TimeSpan.FromSeconds(Math.Min(polling, 10)), window);
        var list = await service.GetJsonAsync("/api/scaledobjects");
        var errors = list.EnumerateArray().Count(o => o.GetProperty("triggers")[0].TryGetProperty("error", out var e) && e.ValueKind == System.Text.Json.JsonValueKind.String);
        Console.WriteLine("| objects | queues | polling | reads/s | first read of every object | CPU (% of one core) | working set (peak) | managed heap | triggers in error |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine(FormattableString.Invariant(
            $"| {objects} | {queues} | {polling} s | {objects / (double)polling:0.0} | {ready.TotalSeconds:0.00} s | {cpu:0.00} % | {peak / 1048576.0:0} MB | {GC.GetTotalMemory(false) / 1048576.0:0} MB | {errors} |"));
    }
}
