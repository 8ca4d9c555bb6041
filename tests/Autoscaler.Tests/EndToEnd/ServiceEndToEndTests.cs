using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Autoscaler.Testing;

namespace Autoscaler.Tests.EndToEnd;

/// <summary>The service on 127.0.0.1 with a temporary config folder, driven and observed through its REST API.</summary>
public sealed class ServiceEndToEndTests
{
    private const string ManualConsumer = """
        apiVersion: autoscaler.dev/v1alpha1
        kind: ScaledObject
        metadata:
          name: consumer
          namespace: e2e
        spec:
          scaleTargetRef:
            name: consumer
          pollingInterval: 1
          cooldownPeriod: 1
          maxReplicaCount: 20
          triggers:
            - type: demo
              name: queue
              metadata:
                mode: manual
                source: e2e-queue
                targetValue: "5"
        """;

    [Fact]
    public async Task ManualSource_ScalesZeroToNAndBackToZero_ThroughRestApi()
    {
        await using var service = await TestService.StartAsync(new Dictionary<string, string> { ["consumer.yaml"] = ManualConsumer });

        var idle = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/e2e/consumer"),
            s => s.TryGetProperty("desiredReplicas", out _), "the first loop turn");
        Assert.Equal(0, idle.GetProperty("desiredReplicas").GetInt32());
        Assert.False(idle.GetProperty("isActive").GetBoolean());

        var put = await service.Client.PutAsJsonAsync("/api/demo/sources/e2e-queue", new { value = 42 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var up = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/e2e/consumer"),
            s => s.GetProperty("desiredReplicas").GetInt32() == 9, "scale 0 -> 9 (42 / 5 per replica)");
        Assert.True(up.GetProperty("isActive").GetBoolean());
        var trigger = up.GetProperty("triggers")[0];
        Assert.Equal("queue", trigger.GetProperty("name").GetString());
        Assert.Equal(42, trigger.GetProperty("value").GetDouble());
        Assert.True(trigger.GetProperty("isActive").GetBoolean());
        Assert.StartsWith("0 → 9", up.GetProperty("lastScaleReason").GetString());

        var ready = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/e2e/consumer"),
            s => s.GetProperty("readyReplicas").GetInt32() == 9, "the simulated pods become ready after their cold start");
        Assert.Equal(9, ready.GetProperty("currentReplicas").GetInt32());

        await service.Client.PutAsJsonAsync("/api/demo/sources/e2e-queue", new { value = 0 });
        var down = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/e2e/consumer"),
            s => s.GetProperty("desiredReplicas").GetInt32() == 0, "scale back to 0 after the 1 s cooldown");
        Assert.Equal("ScaledToZero", down.GetProperty("reason").GetString());
        Assert.Equal(0, down.GetProperty("currentReplicas").GetInt32());
    }
}
