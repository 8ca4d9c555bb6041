using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Autoscaler.Testing;

namespace Autoscaler.Benchmarks;

/// <summary>
/// Webhook ingest: the service as a child process (<c>dotnet autoscaler.dll</c>), loaded by wrk from a second process
/// on 127.0.0.1 with binary-mode CloudEvents of unique ids. Then checks nothing accepted was lost: the trigger's count
/// covers every 2xx, and so does the journal replayed after a kill -9 and a restart.
/// </summary>
internal sealed partial class WebhookIngestBenchmark : IBenchmark
{
    private const string Lua = """
        local n = 0
        local threads = 0
        local run = "run"
        function setup(thread)
          threads = threads + 1
          thread:set("tid", threads)
        end
        function init(args)
          if args[1] then run = args[1] end
        end
        function request()
          n = n + 1
          return wrk.format("POST", nil, {
            ["ce-specversion"] = "1.0", ["ce-id"] = run .. "-" .. tid .. "-" .. n, ["ce-type"] = "bench.reading",
            ["ce-source"] = "/wrk", ["Content-Type"] = "application/json" }, "{\"reading\":1}")
        end
        """;

    public string Name => "webhook-ingest";

    public string Description => "webhook-ingest [seconds=20] [connections=64] [fsync=true] [wrk threads=1]: events/s, latency and service CPU per event of /api/events with wrk after a 5 s warm-up, then a kill -9 durability check";

    public async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var connections = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        var fsync = args.Length <= 2 || bool.Parse(args[2]);
        // One wrk thread by default: wrk shares the 2 cores with the service, and a second thread took CPU from it
        // (36.5k vs 23.2k and 20.5k vs 13.4k events/s in back-to-back pairs, docs/benchmarks.md).
        var threads = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
        var dir = Directory.CreateTempSubdirectory("bench-ingest-").FullName;
        var config = Path.Combine(dir, "config");
        Directory.CreateDirectory(config);
        await File.WriteAllTextAsync(Path.Combine(config, "ingest.yaml"), """
            apiVersion: autoscaler.dev/v1alpha1
            kind: ScaledObject
            metadata:
              name: ingest
              namespace: bench
            spec:
              scaleTargetRef:
                name: ingest
              pollingInterval: 30
              maxReplicaCount: 100
              triggers:
                - type: cloudevents
                  name: readings
                  metadata:
                    public: "true"
                    metric: pending
                    pendingTimeout: 1h
                    maxQueuedEvents: "100000000"
                    targetValue: "100000"
            """);
        var journal = Path.Combine(dir, "events.journal");
        var script = Path.Combine(dir, "post.lua");
        await File.WriteAllTextAsync(script, Lua);
        const string Path0 = "/api/events/scaledobjects/bench/ingest/readings";

        long accepted;
        string wrkOutput;
        double cpuPerEventUs;
        string loadBefore, loadAfter;
        await using (var first = await StartAsync(config, journal, fsync))
        {
            await Eventually.WaitAsync(async () => (await first.Client.PostAsync(Path0, Event("warm-up"))).IsSuccessStatusCode, "the webhook route");
            var wrk = RequiredTool.Find("wrk", "/usr/bin/wrk");

            // Warm-up (JIT tiering, pools, the journal's first pages): the same load for a few seconds, not measured;
            // its 2xx are accepted events like the others and are checked after the kill -9 too.
            var warmUpOutput = await RunWrkAsync(wrk, threads, connections, WarmUpSeconds, script, first.Url + Path0, "warm");
            var warmUpAccepted = long.Parse(Total().Match(warmUpOutput).Groups[1].Value, CultureInfo.InvariantCulture) -
                (Non2xx().Match(warmUpOutput) is { Success: true } w ? long.Parse(w.Groups[1].Value, CultureInfo.InvariantCulture) : 0);

            using var service = Process.GetProcessById(first.Process.Pid);
            service.Refresh();
            var cpu0 = service.TotalProcessorTime;
            loadBefore = LoadAverage();
            wrkOutput = await RunWrkAsync(wrk, threads, connections, seconds, script, first.Url + Path0, "run");
            service.Refresh();
            var cpu = service.TotalProcessorTime - cpu0;
            loadAfter = LoadAverage();
            var total = long.Parse(Total().Match(wrkOutput).Groups[1].Value, CultureInfo.InvariantCulture);
            var non2xx = Non2xx().Match(wrkOutput) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            accepted = total - non2xx + warmUpAccepted + 1; // + the first probe event
            cpuPerEventUs = cpu.TotalMilliseconds * 1000 / Math.Max(1, total);
            var counted = await CountAsync(first.Client, accepted);
            Console.Error.WriteLine($"accepted (2xx) {accepted}, counted by the trigger {counted}");
            await first.Process.KillAsync();
        }

        var replayStarted = Stopwatch.StartNew();
        await using var second = await StartAsync(config, journal, fsync);
        var replayed = await CountAsync(second.Client, accepted);
        var replayTime = replayStarted.Elapsed;

        Console.WriteLine(wrkOutput);
        Console.WriteLine("| connections | wrk threads | fsync | events/s | p50 | p90 | p99 | service CPU per event | load avg before / after | accepted (2xx) | non-2xx | counted after kill -9 + restart | lost | restart + replay |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine(FormattableString.Invariant(
            $"| {connections} | {threads} | {fsync} | {Rate().Match(wrkOutput).Groups[1].Value} | {Percentile(wrkOutput, "50")} | {Percentile(wrkOutput, "90")} | {Percentile(wrkOutput, "99")} | {cpuPerEventUs:0.0} µs | {loadBefore} / {loadAfter} | {accepted} | {(Non2xx().Match(wrkOutput) is { Success: true } n ? n.Groups[1].Value : "0")} | {replayed} | {Math.Max(0, accepted - replayed)} | {replayTime.TotalSeconds:0.0} s |"));
    }

    private static StringContent Event(string id)
    {
        var content = new StringContent("{\"reading\":1}", System.Text.Encoding.UTF8, "application/json");
        content.Headers.Add("ce-specversion", "1.0");
        content.Headers.Add("ce-id", id);
        content.Headers.Add("ce-type", "bench.reading");
        content.Headers.Add("ce-source", "/wrk");
        return content;
    }

    private static async Task<long> CountAsync(HttpClient client, long atLeast)
    {
        long value = 0;
        try
        {
            await Eventually.WaitAsync(async () =>
            {
                var status = await client.GetFromJsonAsync<JsonElement>("/api/scaledobjects/bench/ingest");
                value = status.TryGetProperty("triggers", out var t) && t.GetArrayLength() > 0 && t[0].TryGetProperty("value", out var v) ? (long)v.GetDouble() : 0;
                if (value < atLeast)
                {
                    // Push a turn: one more (new) event wakes the loop, and is subtracted below.
                    await client.PostAsync("/api/events/scaledobjects/bench/ingest/readings", Event("probe-" + Guid.NewGuid().ToString("N")));
                }

                return value >= atLeast;
            }, $"the trigger to count {atLeast} events", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));
        }
        catch (TimeoutException)
        {
        }

        return value;
    }

    /// <summary>Seconds of unmeasured load before the measured run.</summary>
    private const int WarmUpSeconds = 5;

    private static async Task<string> RunWrkAsync(string wrk, int threads, int connections, int seconds, string script, string url, string run)
    {
        var process = Process.Start(new ProcessStartInfo(wrk, ["-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{seconds}s", "--latency", "-s", script, url, "--", run])
        {
            RedirectStandardOutput = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    /// <summary>The 1-minute load average (the machine is shared; numbers mean little without it).</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static string Percentile(string wrk, string p) =>
        Regex.Match(wrk, $@"^\s+{p}%\s+(\S+)", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value : "?";

    private static async Task<Running> StartAsync(string config, string journal, bool fsync)
    {
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}";
        var process = ManagedProcess.Start("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "autoscaler.dll"), "--urls", url, "--config", config,
             "--Autoscaler:Events:JournalPath", journal, "--Autoscaler:Events:Fsync", fsync ? "true" : "false", "--Logging:LogLevel:Default", "Warning"]);
        await process.WaitForPortAsync(port);
        return new Running(process, new HttpClient { BaseAddress = new Uri(url) }, url);
    }

    private sealed record Running(ManagedProcess Process, HttpClient Client, string Url) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Process.DisposeAsync();
        }
    }

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Total();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Requests/sec:\s+(\S+)")]
    private static partial Regex Rate();
}
