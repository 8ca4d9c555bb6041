using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Autoscaler.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Autoscaler.Push.Tests;

/// <summary>
/// S3 notifications through an SNS HTTP subscription: messages signed with the test's own certificate, issued by the
/// test's own CA (trusted through <c>snsCaFile</c>) and served, like SNS's, from a certificate URL on 127.0.0.1;
/// SignatureVersion 1 and 2, the subscription handshake, and expired or untrusted certificates.
/// </summary>
public sealed class SnsTests : IAsyncLifetime, IDisposable
{
    private const string Topic = "arn:aws:sns:us-east-1:123456789012:uploads";
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentQueue<string> _requests = new();
    private HttpListener _listener = null!;
    private string _base = "";
    private readonly Dictionary<string, string> _certificates = new(StringComparer.Ordinal);
    private readonly string _caFile = Path.Combine(Path.GetTempPath(), $"sns-test-ca-{Guid.NewGuid():N}.pem");

    private string Yaml() => $"""
        apiVersion: autoscaler.dev/v1alpha1
        kind: ScaledObject
        metadata:
          name: indexer
          namespace: push
        spec:
          scaleTargetRef:
            name: indexer
          pollingInterval: 300
          triggers:
            - type: aws-s3-events
              name: sns
              metadata:
                delivery: sns
                snsTopicArns: {Topic}
                snsTrustedHosts: 127.0.0.1
                snsAllowHttp: "true"
                snsCaFile: {_caFile}
                targetValue: "1"
        """;

    public Task InitializeAsync()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Autoscaler test SNS CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-10), now.AddDays(10));
        File.WriteAllText(_caFile, ca.ExportCertificatePem());

        // The signing key's certificates: issued by the CA and valid now; issued by the CA but expired; self-signed.
        var request = new CertificateRequest("CN=sns.test", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        using (var valid = request.Create(ca, now.AddDays(-1), now.AddDays(1), [1]))
        using (var expired = request.Create(ca, now.AddDays(-5), now.AddDays(-1), [2]))
        using (var selfSigned = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1)))
        {
            _certificates["/cert.pem"] = valid.ExportCertificatePem();
            _certificates["/expired.pem"] = expired.ExportCertificatePem();
            _certificates["/self-signed.pem"] = selfSigned.ExportCertificatePem();
        }

        var port = FreePort.Next();
        _base = $"http://127.0.0.1:{port}/";
        _listener = new HttpListener();
        _listener.Prefixes.Add(_base);
        _listener.Start();
        _ = Task.Run(ServeAsync);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        ((IDisposable)_listener).Dispose();
        _key.Dispose();
        File.Delete(_caFile);
    }

    [Fact]
    public async Task SnsDeliveries_SignedV1AndV2_VerifiedConfirmedAndCounted()
    {
        var (service, _) = await PushHarness.StartAsync(Yaml());
        await using var running = service;
        Task<HttpResponseMessage> PostAsync(Dictionary<string, string> message) => PostSnsAsync(service, message);

        // Subscription handshake: confirmed (the SubscribeURL is fetched) for the configured topic only.
        var confirm = await PostAsync(Sign(Confirmation(Topic, "token-1"), "1"));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("/confirm?Token=token-1", _requests);
        var stranger = await PostAsync(Sign(Confirmation("arn:aws:sns:us-east-1:999999999999:other", "token-2"), "1"));
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        Assert.DoesNotContain("/confirm?Token=token-2", _requests);

        // Notifications with both signature versions.
        var v1 = await PostAsync(Sign(Notification("m-1", S3Message("a.csv")), "1"));
        Assert.Equal(1, (await v1.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        var v2 = await PostAsync(Sign(Notification("m-2", S3Message("b.csv"), subject: "Amazon S3 Notification"), "2"));
        Assert.Equal(1, (await v2.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());

        // Tampered message, wrong key, untrusted certificate host, unknown version.
        var tampered = Sign(Notification("m-3", S3Message("c.csv")), "2");
        tampered["Message"] = S3Message("evil.csv");
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(tampered)).StatusCode);
        using (var other = RSA.Create(2048))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(Sign(Notification("m-4", S3Message("d.csv")), "2", other))).StatusCode);
        }

        var untrusted = Notification("m-5", S3Message("e.csv"));
        untrusted["SigningCertURL"] = _base.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "cert.pem";
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(Sign(untrusted, "2"))).StatusCode);
        var version3 = await PostAsync(Sign(Notification("m-6", S3Message("f.csv")), "3"));
        Assert.Equal(HttpStatusCode.BadRequest, version3.StatusCode);

        var status = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/push/indexer"),
            s => s.TryGetProperty("desiredReplicas", out var d) && d.GetInt32() == 1, "the two verified notifications to scale the indexer up");
        Assert.Equal(2 / 60.0, status.GetProperty("triggers")[0].GetProperty("value").GetDouble(), 6);
    }

    [Fact]
    public async Task SnsDeliveries_CertificateExpiredOrNotFromATrustedCa_RefusedWith403AndTheReason()
    {
        var (service, _) = await PushHarness.StartAsync(Yaml());
        await using var running = service;

        var expired = Notification("x-1", S3Message("x.csv"));
        expired["SigningCertURL"] = _base + "expired.pem";
        var expiredAnswer = await PostSnsAsync(service, Sign(expired, "2"));
        Assert.Equal(HttpStatusCode.Forbidden, expiredAnswer.StatusCode);
        Assert.Contains("outside its validity period", await expiredAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var selfSigned = Notification("x-2", S3Message("y.csv"));
        selfSigned["SigningCertURL"] = _base + "self-signed.pem";
        var selfSignedAnswer = await PostSnsAsync(service, Sign(selfSigned, "2"));
        Assert.Equal(HttpStatusCode.Forbidden, selfSignedAnswer.StatusCode);
        Assert.Contains("does not lead to the system's roots or a CA of snsCaFile", await selfSignedAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The same key with the CA's valid certificate is accepted, so the refusals above were about the certificates.
        var valid = await PostSnsAsync(service, Sign(Notification("x-3", S3Message("z.csv")), "2"));
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal(1, (await valid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        var status = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/push/indexer"),
            s => s.TryGetProperty("desiredReplicas", out var d) && d.GetInt32() == 1, "the one verified notification to scale the indexer up");
        Assert.Equal(1 / 60.0, status.GetProperty("triggers")[0].GetProperty("value").GetDouble(), 6);
    }

    [Fact]
    public async Task SnsDeliveries_TrustedCertificateExpiresWhileCached_RefusedFromThenOn()
    {
        // The injected clock decides validity: the certificate passes now and is remembered, then expires.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (service, _) = await PushHarness.StartAsync(Yaml(), configureServices: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        await using var running = service;

        Assert.Equal(HttpStatusCode.OK, (await PostSnsAsync(service, Sign(Notification("c-1", S3Message("a.csv")), "2"))).StatusCode);
        clock.Advance(TimeSpan.FromDays(2));
        var late = await PostSnsAsync(service, Sign(Notification("c-2", S3Message("b.csv")), "2"));
        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        Assert.Contains("outside its validity period", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostSnsAsync(TestService service, Dictionary<string, string> message) =>
        PushHarness.PostWhenReadyAsync(service.Client, "/api/events/scaledobjects/push/indexer/sns", () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, (Uri?)null) { Content = JsonContent.Create(message) };
            request.Headers.Add("x-amz-sns-message-type", message["Type"]);
            return request;
        });

    private Dictionary<string, string> Confirmation(string topic, string token) => new()
    {
        ["Type"] = "SubscriptionConfirmation",
        ["MessageId"] = Guid.NewGuid().ToString(),
        ["Token"] = token,
        ["TopicArn"] = topic,
        ["Message"] = $"You have chosen to subscribe to the topic {topic}.",
        ["SubscribeURL"] = _base + "confirm?Token=" + token,
        ["Timestamp"] = "2026-01-05T09:00:00.000Z",
        ["SigningCertURL"] = _base + "cert.pem",
    };

    private Dictionary<string, string> Notification(string id, string message, string? subject = null)
    {
        var n = new Dictionary<string, string>
        {
            ["Type"] = "Notification",
            ["MessageId"] = id,
            ["TopicArn"] = Topic,
            ["Message"] = message,
            ["Timestamp"] = "2026-01-05T09:00:00.000Z",
            ["SigningCertURL"] = _base + "cert.pem",
            ["UnsubscribeURL"] = _base + "unsubscribe",
        };
        if (subject is not null)
        {
            n["Subject"] = subject;
        }

        return n;
    }

    private static string S3Message(string key) =>
        $"{{\"Records\":[{{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2026-01-05T09:00:00.000Z\",\"s3\":{{\"bucket\":{{\"name\":\"data\"}},\"object\":{{\"key\":\"{key}\",\"sequencer\":\"01\"}}}}}}]}}";

    /// <summary>Signs as SNS does: the canonical "Name\nValue\n" string of the type's fields, SHA1 (v1) or SHA256 (v2) with RSA.</summary>
    private Dictionary<string, string> Sign(Dictionary<string, string> message, string version, RSA? key = null)
    {
        string[] fields = message["Type"] == "Notification"
            ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
            : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
        var canonical = new StringBuilder();
        foreach (var field in fields.Where(message.ContainsKey))
        {
            canonical.Append(field).Append('\n').Append(message[field]).Append('\n');
        }

        var hash = version == "1" ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        message["SignatureVersion"] = version;
        message["Signature"] = Convert.ToBase64String((key ?? _key).SignData(Encoding.UTF8.GetBytes(canonical.ToString()), hash, RSASignaturePadding.Pkcs1));
        return message;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _requests.Enqueue(context.Request.Url!.PathAndQuery);
            var body = _certificates.TryGetValue(context.Request.Url.AbsolutePath, out var pem) ? pem : "<ConfirmSubscriptionResponse/>";
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = 200;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
