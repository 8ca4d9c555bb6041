using System.Net;
using Autoscaler.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Autoscaler.Push.Tests;

/// <summary>An event for an idle object acts at once: the loop is woken by the event, not by pollingInterval.</summary>
public sealed class ImmediateWakeUpTests
{
    private const string Yaml = """
        apiVersion: autoscaler.dev/v1alpha1
        kind: ScaledObject
        metadata:
          name: thumbnails
          namespace: push
        spec:
          scaleTargetRef:
            name: thumbnails
          pollingInterval: 300
          cooldownPeriod: 300
          maxReplicaCount: 10
          triggers:
            - type: cloudevents
              name: uploads
              metadata:
                public: "true"
                targetValue: "1"
        """;

    [Fact]
    public async Task ScaledToZero_EventAccepted_ScaleUpDecisionWithoutAdvancingTheClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var (service, _) = await PushHarness.StartAsync(Yaml, configureServices: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        await using var running = service;

        var idle = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/push/thumbnails"),
            s => s.TryGetProperty("desiredReplicas", out _), "the first loop turn");
        Assert.Equal(0, idle.GetProperty("desiredReplicas").GetInt32());
        var firstDecision = idle.GetProperty("lastDecisionTime").GetDateTimeOffset();

        // The clock stands still from here: the next polling turn would be 300 s away, so only the event can cause a turn.
        var response = await PushHarness.PostWhenReadyAsync(service.Client, "/api/events/scaledobjects/push/thumbnails/uploads",
            () => PushHarness.Structured("upload-1"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var up = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/push/thumbnails"),
            s => s.GetProperty("desiredReplicas").GetInt32() > 0, "the scale-up decision woken by the event", TimeSpan.FromSeconds(10));
        Assert.Equal(1, up.GetProperty("desiredReplicas").GetInt32());
        Assert.Equal(clock.GetUtcNow(), up.GetProperty("lastDecisionTime").GetDateTimeOffset());
        Assert.Equal(firstDecision, up.GetProperty("lastDecisionTime").GetDateTimeOffset());
        Assert.StartsWith("0 → 1", up.GetProperty("lastScaleReason").GetString());
        Assert.True(up.GetProperty("triggers")[0].GetProperty("isActive").GetBoolean());
    }

    [Fact]
    public async Task EventsStreamingIn_WakeUpsCoalesced_TrailingWakeActsWithoutWaitingForPolling()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var yaml = Yaml.Replace("targetValue: \"1\"", "targetValue: \"1\"\n        metric: pending", StringComparison.Ordinal);
        var (service, _) = await PushHarness.StartAsync(yaml, configureServices: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        await using var running = service;
        const string Webhook = "/api/events/scaledobjects/push/thumbnails/uploads";

        await PushHarness.PostWhenReadyAsync(service.Client, Webhook, () => PushHarness.Structured("first"));
        await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/push/thumbnails"),
            s => s.TryGetProperty("desiredReplicas", out var d) && d.GetInt32() == 1, "the first event's decision");

        // Two more events at the same instant: the wake-up is coalesced into a trailing one 50 ms (fake) later.
        Assert.Equal(HttpStatusCode.OK, (await service.Client.SendAsync(PushHarness.Structured("second").WithUri(Webhook))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.SendAsync(PushHarness.Structured("third").WithUri(Webhook))).StatusCode);
        clock.Advance(TimeSpan.FromMilliseconds(50));
        var up = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/push/thumbnails"),
            s => s.GetProperty("desiredReplicas").GetInt32() == 3, "the trailing wake-up's decision (3 pending events)");
        Assert.Equal(clock.GetUtcNow(), up.GetProperty("lastDecisionTime").GetDateTimeOffset());
    }
}
