using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Autoscaler.Actuation;
using Autoscaler.Runtime.Embedded;
using Autoscaler.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Autoscaler.Benchmarks;

/// <summary>
/// Event accepted → scale decision handed to the actuator: N scaled-to-zero ScaledObjects (pollingInterval 300 s, so only
/// the event can cause the turn), one CloudEvent each, measured from sending the POST (so the HTTP round trip and the
/// journal write are included: an upper bound of "accepted → handed") to <c>SetReplicasAsync(1)</c>.
/// </summary>
internal sealed class EventToDecisionBenchmark : IBenchmark
{
    public string Name => "event-to-decision";

    public string Description => "event-to-decision [objects=500]: latency from an accepted event to the 0->1 decision reaching the actuator";

    public async Task RunAsync(string[] args)
    {
        var objects = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        var yaml = new StringBuilder();
        for (var i = 0; i < objects; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"""
                apiVersion: autoscaler.dev/v1alpha1
                kind: ScaledObject
                metadata:
                  name: o{i}
                  namespace: bench
                spec:
                  scaleTargetRef:
                    name: o{i}
                  pollingInterval: 300
                  triggers:
                    - type: cloudevents
                      name: t
                      metadata:
                        public: "true"
                ---

                """);
        }

        var handed = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var journal = Path.Combine(Directory.CreateTempSubdirectory("bench-journal-").FullName, "events.journal");
        await using var service = await TestService.StartAsync(
            new Dictionary<string, string> { ["bench.yaml"] = yaml.ToString() },
            s => s.Replace(ServiceDescriptor.Singleton<IScaleClient>(sp => new RecordingScaleClient(sp.GetRequiredService<SimulatedCluster>(), handed))),
            ["--Autoscaler:Events:JournalPath", journal]);
        await Eventually.WaitAsync(async () =>
        {
            var list = await service.GetJsonAsync("/api/scaledobjects");
            return list.GetArrayLength() == objects && list.EnumerateArray().All(o => o.TryGetProperty("desiredReplicas", out _));
        }, "every object's first loop turn", TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(200));

        var latencies = new List<double>(objects);
        for (var i = 0; i < objects; i++)
        {
            var body = $"{{\"specversion\":\"1.0\",\"id\":\"e{i}\",\"type\":\"t\",\"source\":\"/b\"}}";
            using var content = new StringContent(body, Encoding.UTF8, "application/cloudevents+json");
            var sent = Stopwatch.GetTimestamp();
            using var response = await service.Client.PostAsync($"/api/events/scaledobjects/bench/o{i}/t", content);
            response.EnsureSuccessStatusCode();
            var key = $"o{i}";
            await Eventually.WaitAsync(() => handed.ContainsKey(key), $"the decision for {key}", TimeSpan.FromSeconds(10));
            latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(sent, handed[key]).TotalMilliseconds));
        }

        latencies.Sort();
        double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
        Console.WriteLine("| events (one per scaled-to-zero object), POST sent → SetReplicasAsync(1) | p50 | p90 | p99 | max |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine(FormattableString.Invariant($"| {objects} | {P(0.5):0.000} ms | {P(0.9):0.000} ms | {P(0.99):0.000} ms | {latencies[^1]:0.000} ms |"));
    }

    /// <summary>The embedded cluster, noting when each target's first scale-up reached it.</summary>
    private sealed class RecordingScaleClient(SimulatedCluster inner, ConcurrentDictionary<string, long> handed) : IScaleClient
    {
        public ValueTask<ScaleTargetState> GetScaleAsync(ScaleTargetKey target, CancellationToken cancellationToken) => inner.GetScaleAsync(target, cancellationToken);

        public ValueTask<ScaleTargetState> SetReplicasAsync(ScaleTargetKey target, int replicas, CancellationToken cancellationToken)
        {
            if (replicas > 0)
            {
                handed.TryAdd(target.Name, Stopwatch.GetTimestamp());
            }

            return inner.SetReplicasAsync(target, replicas, cancellationToken);
        }
    }
}
