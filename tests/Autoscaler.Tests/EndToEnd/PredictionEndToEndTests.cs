using System.Net.Http.Json;
using System.Text.Json;
using Autoscaler.Testing;

namespace Autoscaler.Tests.EndToEnd;

/// <summary>spec.prediction through the real service: the REST status, the /metrics gauges and the history file under the data folder.</summary>
public sealed class PredictionEndToEndTests
{
    private const string Predicted = """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata:
          name: predicted
          namespace: e2e
        spec:
          scaleTargetRef:
            name: predicted
          pollingInterval: 1
          triggers:
            - type: demo
              name: queue
              metadata:
                mode: manual
                source: e2e-predicted
                targetValue: "5"
          prediction:
            mode: Preview
        """;

    [Fact]
    public async Task PreviewObject_ReportsItsPredictionInStatusAndMetrics_AndSavesItsHistoryAtShutdown()
    {
        var data = Directory.CreateTempSubdirectory("autoscaler-data-").FullName;
        try
        {
            await using (var service = await TestService.StartAsync(new Dictionary<string, string> { ["predicted.yaml"] = Predicted }, extraArgs: ["--Autoscaler:DataPath", data]))
            {
                await service.Client.PutAsJsonAsync("/api/demo/sources/e2e-predicted", new { value = 20 });
                var status = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/e2e/predicted"),
                    s => s.TryGetProperty("prediction", out var p) && p.ValueKind == JsonValueKind.Object && p.GetProperty("historySteps").GetInt32() >= 1
                        && s.GetProperty("desiredReplicas").ValueKind == JsonValueKind.Number && s.GetProperty("desiredReplicas").GetInt32() == 4,
                    "a decision with a prediction report");
                var prediction = status.GetProperty("prediction");
                Assert.Equal("Preview", prediction.GetProperty("mode").GetString());
                Assert.Equal("None", prediction.GetProperty("model").GetString());
                Assert.False(prediction.GetProperty("replicasFromForecast").GetBoolean());
                Assert.Equal(60, prediction.GetProperty("leadTimeSeconds").GetDouble());
                Assert.Contains("preview", prediction.GetProperty("message").GetString(), StringComparison.Ordinal);

                var metrics = await service.Client.GetStringAsync("/metrics");
                Assert.Contains("autoscaler_prediction_replicas_from_forecast{namespace=\"e2e\",scaledObject=\"predicted\"} 0", metrics, StringComparison.Ordinal);
                Assert.Contains("autoscaler_prediction_model_info{namespace=\"e2e\",scaledObject=\"predicted\",model=\"None\"} 1", metrics, StringComparison.Ordinal);
                Assert.Contains("autoscaler_prediction_lead_time_seconds{namespace=\"e2e\",scaledObject=\"predicted\"} 60", metrics, StringComparison.Ordinal);
            }

            Assert.True(File.Exists(Path.Combine(data, "prediction", "e2e", "predicted.history")), "history saved at shutdown");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
