using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Autoscaler.Kubernetes;
using Autoscaler.KubeApiServer;
using Autoscaler.Testing;
using k8s;
using k8s.Models;

namespace Autoscaler.Benchmarks;

/// <summary>
/// Kubernetes mode against the in-process test API server on loopback: (1) push event → PATCH of /scale received by
/// the API server, latency percentiles; (2) start-up with N ScaledObjects in the cluster until each has had its first
/// loop turn.
/// </summary>
internal sealed class KubernetesBenchmark : IBenchmark
{
    public string Name => "kubernetes";

    public string Description => "kubernetes [samples=500] [objects=1000]: push -> PATCH /scale latency, and start-up reconcile of N ScaledObjects";

    public async Task RunAsync(string[] args)
    {
        var samples = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        var objects = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var latency = await PushToPatchAsync(samples);
        var startup = await StartupAsync(objects);
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine(latency);
        Console.WriteLine(startup);
    }

    private static async Task<(KubeApiTestServer Server, IKubernetes Client, string Kubeconfig, string Folder)> StartClusterAsync()
    {
        var folder = Directory.CreateTempSubdirectory("autoscaler-bench-").FullName;
        var server = await KubeApiTestServer.StartAsync();
        var kubeconfig = server.WriteKubeconfig(folder, "bench");
        var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "bench" } });
        foreach (var (_, crd) in CrdGenerator.Generate())
        {
            await client.CustomObjects.CreateClusterCustomObjectAsync(crd, "apiextensions.k8s.io", "v1", "customresourcedefinitions");
        }

        return (server, client, kubeconfig, folder);
    }

    private static string[] ServiceArgs(string kubeconfig) =>
    [
        "--Autoscaler:Kubeconfig", kubeconfig,
        "--Autoscaler:Kubernetes:WatchNamespace", "bench",
        "--Autoscaler:Kubernetes:OperatorNamespace", "bench",
        "--Autoscaler:Kubernetes:RetryPeriod", "00:00:00.200",
    ];

    private static JsonObject ScaledObject(string name, string source, int polling) => new()
    {
        ["apiVersion"] = "autoscaler.dev/v1alpha1",
        ["kind"] = "ScaledObject",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["scaleTargetRef"] = new JsonObject { ["name"] = name },
            ["pollingInterval"] = polling,
            ["maxReplicaCount"] = 10,
            // No scale-down stabilization (the HPA default holds a scale-down for 300 s): every event must change the
            // desired count, so each one leads to a PATCH.
            ["advanced"] = JsonNode.Parse("""{"horizontalPodAutoscalerConfig":{"behavior":{"scaleDown":{"stabilizationWindowSeconds":0}}}}"""),
            ["triggers"] = new JsonArray(new JsonObject
            {
                ["type"] = "demo",
                ["metadata"] = new JsonObject { ["mode"] = "manual", ["source"] = source, ["targetValue"] = "10" },
            }),
        },
    };

    private static V1Deployment Deployment(string name, int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "registry.k8s.io/pause:3.9" }] },
            },
        },
    };

    private static async Task<string> PushToPatchAsync(int samples)
    {
        var (server, client, kubeconfig, folder) = await StartClusterAsync();
        try
        {
            await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 1), "bench");
            await using var service = await TestService.StartAsync(new Dictionary<string, string>(), extraArgs: ServiceArgs(kubeconfig));
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(ScaledObject("web", "push", 300), "autoscaler.dev", "v1alpha1", "bench", "scaledobjects");
            await Eventually.WaitAsync(async () => (await service.Client.GetAsync("/api/scaledobjects/bench/web")).IsSuccessStatusCode, "the object runs", TimeSpan.FromSeconds(30));

            TaskCompletionSource<long>? patched = null;
            server.RequestReceived += (method, path, _) =>
            {
                if (method == "PATCH" && path.EndsWith("/deployments/web/scale", StringComparison.Ordinal))
                {
                    patched?.TrySetResult(Stopwatch.GetTimestamp());
                }
            };

            // Warm-up: the push subscription starts with the object's first turn; retry until an event leads to a PATCH.
            var warm = 0;
            for (; warm < 50; warm++)
            {
                patched = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                (await service.Client.PutAsJsonAsync("/api/demo/sources/push", new { value = warm % 2 == 0 ? 20 : 10 })).EnsureSuccessStatusCode();
                if (await Task.WhenAny(patched.Task, Task.Delay(TimeSpan.FromSeconds(2))) == patched.Task)
                {
                    break;
                }
            }

            var results = new List<double>();
            var misses = 0;
            for (var i = warm + 1; i < warm + 1 + samples + 20; i++)
            {
                patched = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                var value = i % 2 == 0 ? 40 : 10; // 4 replicas, then 1: every event changes the desired count beyond the tolerance
                var sent = Stopwatch.GetTimestamp();
                (await service.Client.PutAsJsonAsync("/api/demo/sources/push", new { value })).EnsureSuccessStatusCode();
                long received;
                try
                {
                    received = await patched.Task.WaitAsync(TimeSpan.FromSeconds(2));
                }
                catch (TimeoutException)
                {
                    misses++;
                    continue;
                }
                if (i >= warm + 21)
                {
                    results.Add(Stopwatch.GetElapsedTime(sent, received).TotalMilliseconds);
                }
            }

            if (results.Count == 0)
            {
                return $"| push event -> PATCH /scale received ({samples} events) | no event led to a PATCH within 2 s ({misses} misses) |";
            }

            results.Sort();
            double P(double q) => results[Math.Min(results.Count - 1, (int)Math.Ceiling(q * results.Count) - 1)];
            return string.Create(CultureInfo.InvariantCulture,
                $"| push event -> PATCH /scale received ({samples} events) | p50 {P(0.50):F2} ms, p90 {P(0.90):F2} ms, p99 {P(0.99):F2} ms, max {results[^1]:F2} ms; events with no PATCH within 2 s: {misses} |");
        }
        finally
        {
            client.Dispose();
            await server.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> StartupAsync(int objects)
    {
        var (server, client, kubeconfig, folder) = await StartClusterAsync();
        try
        {
            for (var i = 0; i < objects; i++)
            {
                await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment($"app-{i}", 0), "bench");
                await client.CustomObjects.CreateNamespacedCustomObjectAsync(ScaledObject($"app-{i}", $"s{i % 50}", 30), "autoscaler.dev", "v1alpha1", "bench", "scaledobjects");
            }

            var started = Stopwatch.StartNew();
            await using var service = await TestService.StartAsync(new Dictionary<string, string>(), extraArgs: ServiceArgs(kubeconfig));
            await Eventually.WaitAsync(async () =>
            {
                var list = await service.GetJsonAsync("/api/scaledobjects");
                return list.GetArrayLength() == objects && list.EnumerateArray().All(o => o.TryGetProperty("desiredReplicas", out _));
            }, "every object's first loop turn", TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(50));
            var elapsed = started.Elapsed;
            return string.Create(CultureInfo.InvariantCulture,
                $"| {objects} ScaledObjects in the cluster: service start -> every object listed, validated and through its first loop turn (GET /scale each) | {elapsed.TotalSeconds:F2} s |");
        }
        finally
        {
            client.Dispose();
            await server.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
