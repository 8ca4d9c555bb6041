using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Autoscaler.Testing;

namespace Autoscaler.Push.Tests;

/// <summary>Authentication, size and rate limits and bad input on the webhook, over real HTTP.</summary>
public sealed class WebhookSecurityTests
{
    private const string Secret = "s3cr3t-hmac-key-never-echoed";
    private const string Token = "t0ken-never-echoed";

    private const string Yaml = """
        apiVersion: autoscaler.dev/v1alpha1
        kind: TriggerAuthentication
        metadata:
          name: webhook
          namespace: push
        spec:
          secretTargetRef:
            - parameter: hmacSecret
              name: webhook
              key: hmac
            - parameter: bearerToken
              name: webhook
              key: token
        ---
        apiVersion: autoscaler.dev/v1alpha1
        kind: ScaledObject
        metadata:
          name: secured
          namespace: push
        spec:
          scaleTargetRef:
            name: secured
          pollingInterval: 30
          triggers:
            - type: cloudevents
              name: signed
              authenticationRef:
                name: webhook
              metadata:
                signatureHeader: X-Hub-Signature-256
                maxBodySize: "2048"
            - type: cloudevents
              name: limited
              metadata:
                public: "true"
                rateLimit: "1"
                rateLimitBurst: "2"
        """;

    private const string Signed = "/api/events/scaledobjects/push/secured/signed";

    [Fact]
    public async Task Webhook_ChecksCredentialsSizeRateAndInput_WithoutEchoingSecrets()
    {
        var (service, _) = await PushHarness.StartAsync(Yaml, new Dictionary<string, string> { ["hmac"] = Secret, ["token"] = Token });
        await using var running = service;
        var bodies = new List<string>();

        // Both routes exist once the object's first turn built its scalers.
        await PushHarness.PostWhenReadyAsync(service.Client, Signed, () => PushHarness.Structured("probe"));
        await PushHarness.PostWhenReadyAsync(service.Client, "/api/events/scaledobjects/push/secured/limited", () => new HttpRequestMessage(HttpMethod.Options, (Uri?)null));

        async Task<HttpStatusCode> SendAsync(HttpRequestMessage request, string path = Signed)
        {
            request.RequestUri = new Uri(path, UriKind.Relative);
            var response = await service.Client.SendAsync(request);
            bodies.Add(await response.Content.ReadAsStringAsync());
            return response.StatusCode;
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(PushHarness.Structured("a")));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(await SignAsync(PushHarness.Structured("b"), Secret, now)));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(await SignAsync(PushHarness.Structured("c"), "wrong-key", now)));
        var stale = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(await SignAsync(PushHarness.Structured("d"), Secret, stale)));
        var tampered = await SignAsync(PushHarness.Structured("e"), Secret, now);
        tampered.Content = PushHarness.Structured("f").Content;
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(tampered));

        var bearer = PushHarness.Structured("g");
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.OK, await SendAsync(bearer));
        var wrongBearer = PushHarness.Structured("h");
        wrongBearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "nope");
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(wrongBearer));

        var big = PushHarness.Structured("i", data: $"\"{new string('x', 4000)}\"");
        big.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await SendAsync(big));

        var malformed = new HttpRequestMessage(HttpMethod.Post, (Uri?)null) { Content = new StringContent("{\"specversion\":\"1.0\",\"id\":", Encoding.UTF8, "application/cloudevents+json") };
        malformed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.BadRequest, await SendAsync(malformed));
        Assert.Contains("not a valid CloudEvent", bodies[^1]);
        var missingType = new HttpRequestMessage(HttpMethod.Post, (Uri?)null) { Content = new StringContent("{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/s\"}", Encoding.UTF8, "application/cloudevents+json") };
        missingType.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.BadRequest, await SendAsync(missingType));
        Assert.Contains("type", bodies[^1]);

        const string Limited = "/api/events/scaledobjects/push/secured/limited";
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            codes.Add(await SendAsync(PushHarness.Structured($"r{i}"), Limited));
        }

        Assert.Equal(HttpStatusCode.OK, codes[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, codes);

        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.PostAsync("/api/events/scaledobjects/push/secured/nosuch", new StringContent("{}"))).StatusCode);
        Assert.All(bodies, b => Assert.DoesNotContain(Secret, b));
        Assert.All(bodies, b => Assert.DoesNotContain(Token, b));
    }

    private static async Task<HttpRequestMessage> SignAsync(HttpRequestMessage request, string key, string timestamp)
    {
        var body = await request.Content!.ReadAsByteArrayAsync();
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
        var mac = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), signed));
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + mac);
        request.Headers.Add("X-Signature-Timestamp", timestamp);
        return request;
    }
}
