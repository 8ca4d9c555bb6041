using System.Text.Json;
using Autoscaler.Scaling;
using Autoscaler.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Autoscaler.Tests.Runtime;

/// <summary>The control loop on a fake clock: schedules, concurrent reads, timeouts and errors that stay local.</summary>
public sealed class ControlLoopTests
{
    private static string Object(string name, string source, int polling = 30, int cooldown = 60) => $"""
        apiVersion: autoscaler.dev/v1alpha1
        kind: ScaledObject
        metadata:
          name: {name}
          namespace: loop
        spec:
          scaleTargetRef:
            name: {name}
          pollingInterval: {polling}
          cooldownPeriod: {cooldown}
          triggers:
            - type: scripted
              name: {source}
              metadata:
                source: {source}
        ---

        """;

    private static async Task<(TestService Service, FakeTimeProvider Time, ScriptedScalerFactory Scalers)> StartAsync(string yaml, Action<ScriptedScalerFactory>? setup = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var scalers = new ScriptedScalerFactory();
        setup?.Invoke(scalers);
        var service = await TestService.StartAsync(
            new Dictionary<string, string> { ["objects.yaml"] = yaml },
            services =>
            {
                services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
                services.AddSingleton<IScalerFactory>(scalers);
            });
        return (service, time, scalers);
    }

    private static Task<JsonElement> StatusAsync(TestService service, string name) =>
        service.GetJsonAsync($"/api/scaledobjects/loop/{name}");

    [Fact]
    public async Task Turns_HappenAtOnceThenEveryPollingInterval_OnTheInjectedClock()
    {
        var (service, time, scalers) = await StartAsync(Object("a", "a", polling: 30));
        await using var owned = service;
        var t0 = time.GetUtcNow();
        await Eventually.WaitAsync(() => scalers.ReadsOf("a").Count == 1, "the first turn at once");

        for (var i = 1; i <= 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(30));
            var expected = i + 1;
            await Eventually.WaitAsync(() => scalers.ReadsOf("a").Count == expected, $"turn {expected} after {30 * i}s");
        }

        Assert.Equal([t0, t0.AddSeconds(30), t0.AddSeconds(60), t0.AddSeconds(90)], scalers.ReadsOf("a"));
    }

    [Fact]
    public async Task FailingScaler_IsRecordedOnTheObject_AndTheLoopGoesOn()
    {
        var (service, time, scalers) = await StartAsync(Object("broken", "broken") + Object("healthy", "healthy"), s =>
        {
            s.Fail("broken", "queue does not exist");
            s.Set("healthy", 12);
        });
        await using var owned = service;

        var broken = await Eventually.ValueAsync(() => StatusAsync(service, "broken"),
            s => s.TryGetProperty("triggers", out var t) && t.GetArrayLength() == 1 && t[0].TryGetProperty("error", out _), "the error in the status");
        var trigger = broken.GetProperty("triggers")[0];
        Assert.Contains("queue does not exist", trigger.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, trigger.GetProperty("consecutiveErrors").GetInt32());
        var ready = broken.GetProperty("conditions").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "Ready");
        Assert.Equal("False", ready.GetProperty("status").GetString());
        Assert.Equal("TriggerError", ready.GetProperty("reason").GetString());

        // The other object is unaffected.
        await Eventually.WaitAsync(async () => (await StatusAsync(service, "healthy")).GetProperty("desiredReplicas").GetInt32() == 3, "healthy scales to 3");

        // The failing object keeps its schedule: the next turn reads (and fails) again.
        time.Advance(TimeSpan.FromSeconds(30));
        await Eventually.WaitAsync(async () => (await StatusAsync(service, "broken")).GetProperty("triggers")[0].GetProperty("consecutiveErrors").GetInt32() == 2, "a second failed turn");

        var metrics = await service.Client.GetStringAsync("/metrics");
        Assert.Contains("keda_scaled_object_errors_total{namespace=\"loop\",scaledObject=\"broken\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("keda_scaler_detail_errors_total{namespace=\"loop\",metric=\"s0-scripted-broken\",scaledObject=\"broken\",scaler=\"scripted\",triggerIndex=\"0\",type=\"scaledobject\"} 2", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("scaledObject=\"healthy\"} 1", metrics.Split('\n').Where(l => l.StartsWith("keda_scaled_object_errors_total", StringComparison.Ordinal)).FirstOrDefault() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task HungRead_TimesOutOnTheClock_WithoutStallingOtherTriggersOrObjects()
    {
        var yaml = """
            apiVersion: autoscaler.dev/v1alpha1
            kind: ScaledObject
            metadata:
              name: two
              namespace: loop
            spec:
              scaleTargetRef:
                name: two
              pollingInterval: 30
              triggers:
                - type: scripted
                  name: stuck
                  metadata:
                    source: stuck
                - type: scripted
                  name: fine
                  metadata:
                    source: fine
            ---

            """ + Object("other", "other");
        var (service, time, scalers) = await StartAsync(yaml, s =>
        {
            s.Hang("stuck");
            s.Set("fine", 20);
            s.Set("other", 7);
        });
        await using var owned = service;

        // The other object decides at once, while 'two' waits for its stuck read.
        await Eventually.WaitAsync(async () => (await StatusAsync(service, "other")).GetProperty("desiredReplicas").GetInt32() == 2, "other scales to 2");
        await Eventually.WaitAsync(() => scalers.ReadsOf("stuck").Count == 1 && scalers.ReadsOf("fine").Count == 1, "both triggers of 'two' read concurrently");

        // The default read timeout is 10 s on the injected clock.
        time.Advance(TimeSpan.FromSeconds(10));
        var two = await Eventually.ValueAsync(() => StatusAsync(service, "two"), s => s.TryGetProperty("desiredReplicas", out _), "the timed-out turn of 'two'");
        Assert.Contains("timed out after 10s", two.GetProperty("triggers")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(20, two.GetProperty("triggers")[1].GetProperty("value").GetDouble());
        Assert.Equal(4, two.GetProperty("desiredReplicas").GetInt32());
    }

    [Fact]
    public async Task RemovedObject_StopsItsScalers_AndDisappearsFromTheApi()
    {
        var (service, _, scalers) = await StartAsync(Object("keep", "keep") + Object("gone", "gone"));
        await using var owned = service;
        await Eventually.WaitAsync(() => scalers.ReadsOf("gone").Count == 1, "'gone' runs");

        await service.WriteConfigAsync("objects.yaml", Object("keep", "keep"));

        await Eventually.WaitAsync(() => scalers.Disposed.ContainsKey("gone"), "the scaler of 'gone' is disposed");
        await Eventually.WaitAsync(async () => (await service.Client.GetAsync("/api/scaledobjects/loop/gone")).StatusCode == System.Net.HttpStatusCode.NotFound, "404 for 'gone'");
        Assert.False(scalers.Disposed.ContainsKey("keep"));
    }
}
