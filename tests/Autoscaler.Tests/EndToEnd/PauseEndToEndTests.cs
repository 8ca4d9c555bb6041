using System.Net.Http.Json;
using System.Text.Json;
using Autoscaler.Testing;

namespace Autoscaler.Tests.EndToEnd;

/// <summary>Pause annotations through the real service: the count, the Paused condition and the reason in the REST API.</summary>
public sealed class PauseEndToEndTests
{
    private const string PausedConsumer = """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata:
          name: paused
          namespace: e2e
          annotations:
            autoscaling.keda.sh/paused-replicas: "3"
        spec:
          scaleTargetRef:
            name: paused
          pollingInterval: 1
          triggers:
            - type: demo
              name: queue
              metadata:
                mode: manual
                source: e2e-paused
                targetValue: "5"
        """;

    [Fact]
    public async Task PausedReplicasAnnotation_HoldsCountWhateverTriggersSay_PausedConditionTrue()
    {
        await using var service = await TestService.StartAsync(new Dictionary<string, string> { ["paused.yaml"] = PausedConsumer });
        var paused = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/e2e/paused"),
            s => s.TryGetProperty("desiredReplicas", out var d) && d.ValueKind == JsonValueKind.Number && d.GetInt32() == 3, "scaled to the paused count");
        Assert.Equal("Paused", paused.GetProperty("reason").GetString());
        var condition = paused.GetProperty("conditions").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "Paused");
        Assert.Equal("True", condition.GetProperty("status").GetString());
        Assert.Contains("autoscaling.keda.sh/paused-replicas", condition.GetProperty("message").GetString(), StringComparison.Ordinal);

        await service.Client.PutAsJsonAsync("/api/demo/sources/e2e-paused", new { value = 100 });
        var active = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/e2e/paused"),
            s => s.GetProperty("isActive").GetBoolean(), "the trigger reads 100");
        Assert.Equal(3, active.GetProperty("desiredReplicas").GetInt32());
        var fallback = active.GetProperty("conditions").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "Fallback");
        Assert.Equal("False", fallback.GetProperty("status").GetString());
    }
}
