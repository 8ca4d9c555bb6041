using System.Text.Json;
using Autoscaler.Scaling;
using Autoscaler.Testing;
using Autoscaler.Tests.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Autoscaler.Tests.EndToEnd;

/// <summary>Fallback through the real service: a source that keeps failing puts the object on its fallback count, visibly.</summary>
public sealed class FallbackEndToEndTests
{
    private const string Yaml = """
        apiVersion: autoscaler.dev/v1alpha1
        kind: ScaledObject
        metadata:
          name: flaky
          namespace: fallback
        spec:
          scaleTargetRef:
            name: flaky
          pollingInterval: 10
          fallback:
            failureThreshold: 2
            replicas: 4
          triggers:
            - type: scripted
              name: queue
              metadata:
                source: flaky
        """;

    private static JsonElement Condition(JsonElement status, string type) =>
        status.GetProperty("conditions").EnumerateArray().Single(c => c.GetProperty("type").GetString() == type);

    [Fact]
    public async Task FailingSource_AboveFailureThreshold_ScalesToFallbackReplicas_AndSaysSo_ThenRecovers()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var scalers = new ScriptedScalerFactory();
        scalers.Set("flaky", 10);
        await using var service = await TestService.StartAsync(
            new Dictionary<string, string> { ["flaky.yaml"] = Yaml },
            services =>
            {
                services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
                services.AddSingleton<IScalerFactory>(scalers);
            });

        async Task<JsonElement> TurnAsync(int turn)
        {
            if (turn > 1)
            {
                time.Advance(TimeSpan.FromSeconds(10));
            }

            await Eventually.WaitAsync(() => scalers.ReadsOf("flaky").Count == turn, $"turn {turn}");
            return await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/fallback/flaky"),
                s => s.TryGetProperty("lastDecisionTime", out var t) && t.ValueKind == JsonValueKind.String && t.GetDateTimeOffset() == time.GetUtcNow(),
                $"the status of turn {turn}");
        }

        var healthy = await TurnAsync(1);
        Assert.Equal(2, healthy.GetProperty("desiredReplicas").GetInt32());
        Assert.Equal("False", Condition(healthy, "Fallback").GetProperty("status").GetString());

        // Failures up to the threshold hold the count; the one after it puts fallback in force.
        scalers.Fail("flaky", "queue service unavailable");
        var turn = 1;
        JsonElement status;
        do
        {
            status = await TurnAsync(++turn);
        }
        while (Condition(status, "Fallback").GetProperty("status").GetString() == "False" && turn < 6);

        Assert.Equal(4, turn);
        Assert.Equal(4, status.GetProperty("desiredReplicas").GetInt32());
        var fallback = Condition(status, "Fallback");
        Assert.Equal("FallbackExists", fallback.GetProperty("reason").GetString());
        Assert.Contains("failureThreshold 2", fallback.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("queue service unavailable", status.GetProperty("triggers")[0].GetProperty("error").GetString(), StringComparison.Ordinal);

        // The source comes back: fallback ends and the metrics decide again.
        scalers.Set("flaky", 10);
        var recovered = await TurnAsync(++turn);
        Assert.Equal("False", Condition(recovered, "Fallback").GetProperty("status").GetString());
    }
}
