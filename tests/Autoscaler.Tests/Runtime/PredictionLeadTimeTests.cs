using System.Text.Json;
using Autoscaler.Scaling;
using Autoscaler.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Autoscaler.Tests.Runtime;

/// <summary>The service learns an object's lead time from the embedded cluster: pods that become ready after the cold start.</summary>
public sealed class PredictionLeadTimeTests
{
    private const string Yaml = """
        apiVersion: autoscaler.dev/v1alpha1
        kind: ScaledObject
        metadata:
          name: slow
          namespace: loop
        spec:
          scaleTargetRef:
            name: slow
          pollingInterval: 10
          cooldownPeriod: 10
          triggers:
            - type: scripted
              name: slow
              metadata:
                source: slow
          prediction:
            mode: Preview
        """;

    [Fact]
    public async Task LeadTime_IsLearnedFromTheEmbeddedClustersColdStart_AndShownInTheStatus()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var scalers = new ScriptedScalerFactory();
        scalers.Set("slow", 0);
        var data = Directory.CreateTempSubdirectory("autoscaler-data-").FullName;
        try
        {
            await using var service = await TestService.StartAsync(
                new Dictionary<string, string> { ["slow.yaml"] = Yaml },
                services =>
                {
                    services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
                    services.AddSingleton<IScalerFactory>(scalers);
                },
                ["--Autoscaler:Embedded:ColdStart", "00:00:25", "--Autoscaler:DataPath", data]);
            var turns = 1;
            await Eventually.WaitAsync(() => scalers.ReadsOf("slow").Count == turns, "the first turn");

            async Task<JsonElement> TurnAsync()
            {
                time.Advance(TimeSpan.FromSeconds(10));
                turns++;
                await Eventually.WaitAsync(() => scalers.ReadsOf("slow").Count == turns, $"turn {turns}");
                return await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/loop/slow"),
                    s => s.TryGetProperty("lastDecisionTime", out var t) && t.ValueKind == JsonValueKind.String && t.GetDateTimeOffset() == time.GetUtcNow(), $"status of turn {turns}");
            }

            JsonElement status = default;
            for (var cycle = 0; cycle < 6; cycle++)
            {
                // Demand: up for a minute (pods asked for, ready 25 s later: seen at the third turn, 30 s after), then idle to zero.
                scalers.Set("slow", 10);
                for (var i = 0; i < 6; i++)
                {
                    status = await TurnAsync();
                }

                scalers.Set("slow", 0);
                for (var i = 0; i < 4; i++)
                {
                    status = await TurnAsync();
                }
            }

            var prediction = status.GetProperty("prediction");
            Assert.True(prediction.GetProperty("leadTimeLearned").GetBoolean(), prediction.ToString());
            Assert.Equal(30, prediction.GetProperty("leadTimeSeconds").GetDouble());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
