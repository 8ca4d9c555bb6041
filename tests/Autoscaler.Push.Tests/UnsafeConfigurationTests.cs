using System.Net;
using Autoscaler.Testing;

namespace Autoscaler.Push.Tests;

/// <summary>A webhook without credentials that is not marked public never opens: the status says why.</summary>
public sealed class UnsafeConfigurationTests
{
    private const string Yaml = """
        apiVersion: autoscaler.dev/v1alpha1
        kind: ScaledObject
        metadata:
          name: open
          namespace: push
        spec:
          scaleTargetRef:
            name: open
          pollingInterval: 1
          triggers:
            - type: cloudevents
              name: nocreds
            - type: cloudevents
              name: jobs
              metadata:
                public: "true"
                jobPerEvent: "true"
        """;

    [Fact]
    public async Task WebhookWithoutCredentials_NotServed_StatusNamesTheFix()
    {
        var (service, _) = await PushHarness.StartAsync(Yaml);
        await using var running = service;

        var status = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/push/open"),
            s => s.TryGetProperty("triggers", out var t) && t.GetArrayLength() == 2 && t[0].TryGetProperty("error", out _) && t[1].TryGetProperty("error", out _),
            "both triggers to report their build errors");
        Assert.Contains("needs authentication", status.GetProperty("triggers")[0].GetProperty("error").GetString());
        Assert.Contains("jobPerEvent is for ScaledJob", status.GetProperty("triggers")[1].GetProperty("error").GetString());

        var post = await service.Client.SendAsync(PushHarness.Structured("x").WithUri("/api/events/scaledobjects/push/open/nocreds"));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }
}

internal static class RequestExtensions
{
    public static HttpRequestMessage WithUri(this HttpRequestMessage request, string path)
    {
        request.RequestUri = new Uri(path, UriKind.Relative);
        return request;
    }
}
