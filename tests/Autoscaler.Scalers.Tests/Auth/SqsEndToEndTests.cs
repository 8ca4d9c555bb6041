using Autoscaler.Scalers.Tests.Servers;
using Autoscaler.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Autoscaler.Scalers.Tests.Auth;

/// <summary>
/// The whole service on 127.0.0.1 with an aws-sqs-queue ScaledObject whose keys come from a TriggerAuthentication
/// (secretTargetRef files, embedded mode) against fauxqs: it scales on the queue; when the emulator is stopped the
/// trigger error shows in the status with its reason and is counted in the KEDA metrics; the secret never appears in
/// the REST API, /metrics or the logs.
/// </summary>
public sealed class SqsEndToEndTests
{
    private const string SecretKey = "s3cr3t-Value-That-Must-Never-Leak";

    private static string Manifests(string endpoint, string queueUrl) => $"""
        apiVersion: keda.sh/v1alpha1
        kind: TriggerAuthentication
        metadata:
          name: keda-trigger-auth-aws-credentials
          namespace: shop
        spec:
          secretTargetRef:
            - parameter: awsAccessKeyID
              name: aws-secrets
              key: AWS_ACCESS_KEY_ID
            - parameter: awsSecretAccessKey
              name: aws-secrets
              key: AWS_SECRET_ACCESS_KEY
        ---
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata:
          name: orders-consumer
          namespace: shop
        spec:
          scaleTargetRef:
            name: orders-consumer
          pollingInterval: 1
          cooldownPeriod: 1
          maxReplicaCount: 20
          triggers:
            - type: aws-sqs-queue
              authenticationRef:
                name: keda-trigger-auth-aws-credentials
              metadata:
                queueURL: {queueUrl}
                queueLength: "5"
                awsRegion: us-east-1
                awsEndpoint: {endpoint}
        """;

    [Fact]
    public async Task ScalesOnTheQueue_ReportsTheStoppedServerAsAScalerError_AndNeverShowsTheSecret()
    {
        await using var fauxqs = await Fauxqs.StartAsync();
        using var sqs = fauxqs.SqsClient();
        var url = (await sqs.CreateQueueAsync("orders")).QueueUrl;
        for (var i = 0; i < 12; i++)
        {
            await sqs.SendMessageAsync(url, "order " + i);
        }

        var secrets = Directory.CreateTempSubdirectory("autoscaler-secrets-").FullName;
        Directory.CreateDirectory(Path.Combine(secrets, "shop", "aws-secrets"));
        await File.WriteAllTextAsync(Path.Combine(secrets, "shop", "aws-secrets", "AWS_ACCESS_KEY_ID"), "AKIDTESTVALUE\n");
        await File.WriteAllTextAsync(Path.Combine(secrets, "shop", "aws-secrets", "AWS_SECRET_ACCESS_KEY"), SecretKey + "\n");
        var logs = new CapturingLoggerProvider();
        try
        {
            await using var service = await TestService.StartAsync(
                new Dictionary<string, string> { ["orders.yaml"] = Manifests(fauxqs.Endpoint, url) },
                services => services.AddSingleton<ILoggerProvider>(logs),
                ["--Autoscaler:SecretsPath", secrets, "--Autoscaler:ReadTimeout", "00:00:05", "--Logging:LogLevel:Default", "Debug"]);

            var up = await WithStatusOnFailure(service, () => Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/shop/orders-consumer"),
                s => s.TryGetProperty("desiredReplicas", out var d) && d.GetInt32() == 3, "0 -> 3 replicas (12 messages / 5 per replica)"));
            var trigger = up.GetProperty("triggers")[0];
            Assert.Equal("s0-aws-sqs-orders", trigger.GetProperty("metricName").GetString());
            Assert.Equal(12, trigger.GetProperty("value").GetDouble());

            await fauxqs.StopAsync();
            var failing = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/shop/orders-consumer"),
                s => s.GetProperty("triggers")[0].TryGetProperty("error", out var e) && e.ValueKind == System.Text.Json.JsonValueKind.String,
                "the stopped emulator to show as a trigger error", TimeSpan.FromSeconds(60));
            var error = failing.GetProperty("triggers")[0].GetProperty("error").GetString()!;
            Assert.False(string.IsNullOrWhiteSpace(error));
            Assert.True(failing.GetProperty("triggers")[0].GetProperty("consecutiveErrors").GetInt32() >= 1);

            var metrics = await Eventually.ValueAsync(() => service.Client.GetStringAsync("/metrics"),
                m => m.Split('\n').Any(l => l.StartsWith("keda_scaler_detail_errors_total{", StringComparison.Ordinal) && l.Contains("orders-consumer", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal)),
                "keda_scaler_detail_errors_total for the trigger");

            // The secret is nowhere: REST API, /metrics, logs.
            var api = await service.Client.GetStringAsync("/api/scaledobjects") + await service.Client.GetStringAsync("/api/config")
                + await service.Client.GetStringAsync("/api/scaledobjects/shop/orders-consumer");
            Assert.DoesNotContain(SecretKey, api, StringComparison.Ordinal);
            Assert.DoesNotContain(SecretKey, metrics, StringComparison.Ordinal);
            Assert.NotEmpty(logs.Lines);
            Assert.Contains(logs.Lines, l => l.Contains("orders-consumer", StringComparison.Ordinal) && l.Contains("failed", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(logs.Lines, l => l.Contains(SecretKey, StringComparison.Ordinal) || l.Contains("AKIDTESTVALUE", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(secrets, recursive: true);
        }
    }

    private static async Task<T> WithStatusOnFailure<T>(TestService service, Func<Task<T>> wait)
    {
        try
        {
            return await wait();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + " Status: " + await service.Client.GetStringAsync("/api/scaledobjects/shop/orders-consumer"), e);
        }
    }

    [Fact]
    public async Task MissingSecretFile_IsAScalerError_NamingTheSecretAndKey()
    {
        var secrets = Directory.CreateTempSubdirectory("autoscaler-secrets-").FullName;
        try
        {
            await using var service = await TestService.StartAsync(
                new Dictionary<string, string> { ["orders.yaml"] = Manifests("http://127.0.0.1:9", "http://127.0.0.1:9/000000000000/orders") },
                extraArgs: ["--Autoscaler:SecretsPath", secrets]);
            var status = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/shop/orders-consumer"),
                s => s.TryGetProperty("triggers", out var t) && t.GetArrayLength() == 1 && t[0].TryGetProperty("error", out var e) && e.ValueKind == System.Text.Json.JsonValueKind.String,
                "the unresolvable secret to show as a trigger error");
            var error = status.GetProperty("triggers")[0].GetProperty("error").GetString()!;
            Assert.Contains("aws-secrets", error, StringComparison.Ordinal);
            Assert.Contains("AWS_ACCESS_KEY_ID", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(secrets, recursive: true);
        }
    }
}
