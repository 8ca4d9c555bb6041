using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Autoscaler.Testing;

namespace Autoscaler.Push.Tests;

/// <summary>An event answered with 2xx survives the service being killed: the journal is replayed at start.</summary>
public sealed class JournalDurabilityTests
{
    private const string Yaml = """
        apiVersion: autoscaler.dev/v1alpha1
        kind: ScaledObject
        metadata:
          name: orders
          namespace: push
        spec:
          scaleTargetRef:
            name: orders
          pollingInterval: 1
          cooldownPeriod: 300
          maxReplicaCount: 50
          triggers:
            - type: cloudevents
              name: orders
              metadata:
                public: "true"
                metric: pending
                pendingTimeout: 1h
                targetValue: "1"
        """;

    [Fact]
    public async Task AcceptedEvents_ProcessKilled_ReplayedAfterRestartAndStillIdempotent()
    {
        var dir = Directory.CreateTempSubdirectory("autoscaler-journal-").FullName;
        var config = Path.Combine(dir, "config");
        Directory.CreateDirectory(config);
        await File.WriteAllTextAsync(Path.Combine(config, "orders.yaml"), Yaml);
        var journal = Path.Combine(dir, "events.journal");

        await using (var first = await StartAsync(config, journal))
        {
            for (var i = 1; i <= 7; i++)
            {
                var response = await PushHarness.PostWhenReadyAsync(first.Client, Webhook, () => PushHarness.Structured($"order-{i}"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            // Killed as a crash would: no shutdown, nothing flushed on the way out.
            await first.Process.KillAsync();
        }

        await using var second = await StartAsync(config, journal);
        var status = await Eventually.ValueAsync(() => second.Client.GetFromJsonAsync<JsonElement>("/api/scaledobjects/push/orders"),
            s => s.TryGetProperty("triggers", out var t) && t.GetArrayLength() == 1 && t[0].TryGetProperty("value", out var v) && v.GetDouble() > 0,
            "the replayed events to be counted after the restart");
        Assert.Equal(7, status.GetProperty("triggers")[0].GetProperty("value").GetDouble());
        await Eventually.ValueAsync(() => second.Client.GetFromJsonAsync<JsonElement>("/api/scaledobjects/push/orders"),
            s => s.GetProperty("desiredReplicas").GetInt32() == 7, "7 pending events at 1 per replica");

        // A redelivery of an event accepted before the crash is recognised.
        var again = await PushHarness.PostWhenReadyAsync(second.Client, Webhook, () => PushHarness.Structured("order-3"));
        var body = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, body.GetProperty("accepted").GetInt32());
        Assert.Equal(1, body.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task JournalCompactedWhileEventsKeepArriving_ProcessKilled_EveryAcceptedEventReplayed()
    {
        var dir = Directory.CreateTempSubdirectory("autoscaler-journal-").FullName;
        var config = Path.Combine(dir, "config");
        Directory.CreateDirectory(config);
        await File.WriteAllTextAsync(Path.Combine(config, "orders.yaml"), Yaml.Replace("maxReplicaCount: 50", "maxReplicaCount: 1000", StringComparison.Ordinal));
        var journal = Path.Combine(dir, "events.journal");
        const int Senders = 8, PerSender = 60;

        await using (var first = await StartAsync(config, journal, "--Autoscaler:Events:MaxJournalSize", "2048", "--Logging:LogLevel:Autoscaler.Webhooks", "Information"))
        {
            await PushHarness.PostWhenReadyAsync(first.Client, Webhook, () => PushHarness.Structured("first"));

            // Concurrent senders: batches keep being appended while the journal (2 KB limit) is compacted behind them.
            await Task.WhenAll(Enumerable.Range(0, Senders).Select(async sender =>
            {
                for (var i = 0; i < PerSender; i++)
                {
                    using var request = PushHarness.Structured($"order-{sender}-{i}");
                    request.RequestUri = new Uri(Webhook, UriKind.Relative);
                    using var response = await first.Client.SendAsync(request);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
            }));

            await Eventually.WaitAsync(() => Task.FromResult(first.Process.Output.Contains("Compacted the event journal", StringComparison.Ordinal)),
                "a compaction while events were arriving");
            await first.Process.KillAsync();
        }

        await using var second = await StartAsync(config, journal);
        const int Accepted = (Senders * PerSender) + 1;
        var status = await Eventually.ValueAsync(() => second.Client.GetFromJsonAsync<JsonElement>("/api/scaledobjects/push/orders"),
            s => s.TryGetProperty("triggers", out var t) && t.GetArrayLength() == 1 && t[0].TryGetProperty("value", out var v) && v.GetDouble() > 0,
            "the replayed events to be counted after the restart");
        Assert.Equal(Accepted, status.GetProperty("triggers")[0].GetProperty("value").GetDouble());
    }

    private const string Webhook = "/api/events/scaledobjects/push/orders/orders";

    private static async Task<RunningService> StartAsync(string config, string journal, params string[] extra)
    {
        var port = FreePort.Next();
        var dll = Path.Combine(AppContext.BaseDirectory, "autoscaler.dll");
        var process = ManagedProcess.Start("dotnet",
            [dll, "--urls", $"http://127.0.0.1:{port}", "--config", config, "--Autoscaler:Events:JournalPath", journal, "--Logging:LogLevel:Default", "Warning", .. extra]);
        await process.WaitForPortAsync(port);
        return new RunningService(process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") });
    }

    private sealed record RunningService(ManagedProcess Process, HttpClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Process.DisposeAsync();
        }
    }
}
