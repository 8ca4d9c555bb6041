using System.Text.Json;
using Autoscaler.Scalers.Tests.Servers;
using Autoscaler.Testing;

namespace Autoscaler.Scalers.Tests.Kafka;

/// <summary>
/// The whole service on 127.0.0.1 with a kafka ScaledObject against librdkafka's mock cluster: it scales on the lag,
/// reports the broker going down as a trigger error (status and KEDA metric), and recovers when it is back.
/// </summary>
public sealed class KafkaEndToEndTests
{
    [Fact]
    public async Task ScalesOnLag_ReportsTheBrokerDown_AndRecovers()
    {
        using var cluster = KafkaMockCluster.Start();
        cluster.CreateTopic("orders", 3);
        await cluster.ProduceAsync("orders", 12, 0, 1);
        cluster.Commit("workers", "orders", new Dictionary<int, long> { [0] = 0, [1] = 0, [2] = 0 });

        var yaml = $"""
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata:
              name: orders
              namespace: stream
            spec:
              scaleTargetRef:
                name: orders
              pollingInterval: 1
              cooldownPeriod: 1
              triggers:
                - type: kafka
                  metadata:
                    bootstrapServers: {cluster.BootstrapServers}
                    consumerGroup: workers
                    topic: orders
                    lagThreshold: "5"
            """;
        await using var service = await TestService.StartAsync(new Dictionary<string, string> { ["orders.yaml"] = yaml },
            extraArgs: ["--Autoscaler:ReadTimeout", "00:00:03"]);

        // Lag 12 + 12 + 0 = 24, 5 per replica: 24 / 5 = 4 is more than the 3 partitions, so KEDA caps the lag at 3 × 5 = 15
        // and the object gets 3 replicas.
        var up = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/stream/orders"),
            s => s.TryGetProperty("desiredReplicas", out var d) && d.GetInt32() == 3, "3 replicas (lag capped at partitions x lagThreshold)");
        Assert.Equal(15, up.GetProperty("triggers")[0].GetProperty("value").GetDouble());
        Assert.Equal("s0-kafka-orders", up.GetProperty("triggers")[0].GetProperty("metricName").GetString());

        cluster.SetBrokerUp(false);
        var failing = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/stream/orders"),
            s => s.GetProperty("triggers")[0].TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String,
            "the broker going down to show as a trigger error", TimeSpan.FromSeconds(60));
        Assert.False(string.IsNullOrWhiteSpace(failing.GetProperty("triggers")[0].GetProperty("error").GetString()));
        await Eventually.ValueAsync(() => service.Client.GetStringAsync("/metrics"),
            m => m.Split('\n').Any(l => l.StartsWith("keda_scaler_detail_errors_total{", StringComparison.Ordinal) && l.Contains("orders", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal)),
            "keda_scaler_detail_errors_total for the kafka trigger");

        cluster.SetBrokerUp(true);
        cluster.Commit("workers", "orders", new Dictionary<int, long> { [0] = 12, [1] = 12 });
        var recovered = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/stream/orders"),
            s => s.GetProperty("triggers")[0].TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number && v.GetDouble() == 0
                 && !(s.GetProperty("triggers")[0].TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String),
            "reads to resume once the broker is back (every partition caught up: lag 0)", TimeSpan.FromSeconds(60));
        Assert.Equal(0, recovered.GetProperty("triggers")[0].GetProperty("consecutiveErrors").GetInt32());
        Assert.False(recovered.GetProperty("triggers")[0].GetProperty("isActive").GetBoolean());
    }
}
