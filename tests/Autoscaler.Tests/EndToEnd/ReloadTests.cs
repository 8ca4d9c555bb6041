using System.Text.Json;
using Autoscaler.Testing;

namespace Autoscaler.Tests.EndToEnd;

/// <summary>Editing the config folder while the service runs.</summary>
public sealed class ReloadTests
{
    private static string Consumer(int maxReplicas, string extra = "") => $"""
        apiVersion: autoscaler.dev/v1alpha1
        kind: ScaledObject
        metadata:
          name: consumer
          namespace: reload
        spec:
          scaleTargetRef:
            name: consumer
          pollingInterval: 1
          maxReplicaCount: {maxReplicas}
        {extra}  triggers:
            - type: demo
              metadata:
                mode: manual
                source: reload-queue
                targetValue: "1"
        """;

    private static Task<JsonElement> ConsumerAsync(TestService service) => service.GetJsonAsync("/api/scaledobjects/reload/consumer");

    [Fact]
    public async Task ValidEdit_TakesEffectWithoutRestart()
    {
        await using var service = await TestService.StartAsync(new Dictionary<string, string> { ["consumer.yaml"] = Consumer(3) });
        await service.Client.PutAsync("/api/demo/sources/reload-queue", JsonContent("{\"value\": 50}"));
        await Eventually.WaitAsync(async () => (await ConsumerAsync(service)).GetProperty("desiredReplicas").GetInt32() == 3, "capped at 3");

        await service.WriteConfigAsync("consumer.yaml", Consumer(8));

        var edited = await Eventually.ValueAsync(() => ConsumerAsync(service), s => s.TryGetProperty("desiredReplicas", out var d) && d.GetInt32() == 8, "capped at 8 after the edit");
        Assert.Equal(8, edited.GetProperty("maxReplicas").GetInt32());
    }

    [Fact]
    public async Task BrokenEdit_KeepsTheLastGoodVersionRunning_AndReportsTheError()
    {
        await using var service = await TestService.StartAsync(new Dictionary<string, string> { ["consumer.yaml"] = Consumer(3) });
        await service.Client.PutAsync("/api/demo/sources/reload-queue", JsonContent("{\"value\": 50}"));
        await Eventually.WaitAsync(async () => (await ConsumerAsync(service)).GetProperty("desiredReplicas").GetInt32() == 3, "capped at 3");

        // A typo in a field name: the object is invalid, so its last good version (max 3) keeps running.
        await service.WriteConfigAsync("consumer.yaml", Consumer(8, "  cooldownPeriodd: 10\n"));
        var config = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/config"), c => c.GetProperty("errors").GetArrayLength() > 0, "the error reported");
        var error = config.GetProperty("errors")[0];
        Assert.Equal("spec.cooldownPeriodd", error.GetProperty("path").GetString());
        Assert.Equal(11, error.GetProperty("line").GetInt32());
        Assert.Contains("did you mean 'cooldownPeriod'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(["ScaledObject/reload/consumer"], config.GetProperty("keptLastGood").EnumerateArray().Select(k => k.GetString()));

        var running = await ConsumerAsync(service);
        Assert.Equal(3, running.GetProperty("maxReplicas").GetInt32());
        Assert.Equal(3, running.GetProperty("desiredReplicas").GetInt32());

        // A YAML syntax error keeps it too.
        await service.WriteConfigAsync("consumer.yaml", "apiVersion: [broken\n");
        await Eventually.WaitAsync(async () => (await service.GetJsonAsync("/api/config")).GetProperty("errors")[0].GetProperty("message").GetString()!.Contains("YAML syntax error", StringComparison.Ordinal), "the syntax error reported");
        Assert.Equal(3, (await ConsumerAsync(service)).GetProperty("maxReplicas").GetInt32());

        var metrics = await service.Client.GetStringAsync("/metrics");
        Assert.Contains("autoscaler_config_errors 1", metrics, StringComparison.Ordinal);

        // Fixing it applies the new version and clears the errors.
        await service.WriteConfigAsync("consumer.yaml", Consumer(8));
        await Eventually.WaitAsync(async () => (await ConsumerAsync(service)).GetProperty("desiredReplicas").GetInt32() == 8, "the fixed version runs");
        Assert.Equal(0, (await service.GetJsonAsync("/api/config")).GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task NewFile_AddsObjects_AndDeletedFile_RemovesThem()
    {
        await using var service = await TestService.StartAsync(new Dictionary<string, string>());
        Assert.Equal(0, (await service.GetJsonAsync("/api/scaledobjects")).GetArrayLength());

        await service.WriteConfigAsync("consumer.yaml", Consumer(3));
        await Eventually.WaitAsync(async () => (await service.GetJsonAsync("/api/scaledobjects")).GetArrayLength() == 1, "the new object");

        File.Delete(Path.Combine(service.ConfigPath, "consumer.yaml"));
        await Eventually.WaitAsync(async () => (await service.GetJsonAsync("/api/scaledobjects")).GetArrayLength() == 0, "the object removed");
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
