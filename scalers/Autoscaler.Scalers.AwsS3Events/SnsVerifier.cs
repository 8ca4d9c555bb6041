using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Autoscaler.Events;

namespace Autoscaler.Scalers.AwsS3Events;

/// <summary>
/// Checks SNS HTTP(S) deliveries: the topic must be configured, the signing certificate must come from a trusted host
/// and chain to a trusted root within its validity period (<see cref="SnsCertificateTrust"/>), and the signature (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA) must verify over SNS's canonical string.
/// Confirms subscriptions of configured topics by GETting their SubscribeURL.
/// </summary>
internal sealed class SnsVerifier
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ConcurrentDictionary<string, X509Certificate2> _certificates = new(StringComparer.Ordinal);
    private readonly SnsCertificateTrust _trust;
    private readonly HashSet<string> _topics;
    private readonly Regex[] _hosts;
    private readonly bool _allowHttp;

    public SnsVerifier(S3EventsTriggerOptions options, SnsCertificateTrust trust)
    {
        _trust = trust;
        _topics = [.. (options.SnsTopicArns ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        _hosts = [.. options.SnsTrustedHosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(h => new Regex("^" + Regex.Escape(h).Replace("\\*", "[^.]+", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))];
        _allowHttp = options.SnsAllowHttp;
    }

    public async Task<SnsEnvelope> VerifyAsync(JsonElement root, CancellationToken cancellationToken)
    {
        string Field(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

        var type = Field("Type");
        if (root.ValueKind != JsonValueKind.Object || type.Length == 0 || Field("TopicArn").Length == 0 || Field("Signature").Length == 0 || Field("SigningCertURL").Length == 0)
        {
            return Fail(WebhookResult.BadRequest("expected an SNS message with Type, TopicArn, Signature and SigningCertURL"));
        }

        if (!_topics.Contains(Field("TopicArn")))
        {
            return Fail(WebhookResult.Forbidden($"topic '{Field("TopicArn")}' is not in snsTopicArns"));
        }

        if (!IsTrusted(Field("SigningCertURL")))
        {
            return Fail(WebhookResult.Forbidden("SigningCertURL is not on a trusted host (snsTrustedHosts)"));
        }

        var algorithm = Field("SignatureVersion") switch
        {
            "1" => HashAlgorithmName.SHA1,
            "2" => HashAlgorithmName.SHA256,
            var v => default(HashAlgorithmName?),
        };
        if (algorithm is null)
        {
            return Fail(WebhookResult.BadRequest($"unsupported SignatureVersion '{Field("SignatureVersion")}' (1 or 2)"));
        }

        string[] fields = type switch
        {
            "Notification" => ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
            "SubscriptionConfirmation" or "UnsubscribeConfirmation" => ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
            _ => [],
        };
        if (fields.Length == 0)
        {
            return Fail(WebhookResult.BadRequest($"unknown SNS message Type '{type}'"));
        }

        var canonical = new StringBuilder();
        foreach (var name in fields)
        {
            if (name == "Subject" && !root.TryGetProperty("Subject", out _))
            {
                continue;
            }

            canonical.Append(name).Append('\n').Append(Field(name)).Append('\n');
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(Field("Signature"));
        }
        catch (FormatException)
        {
            return Fail(WebhookResult.BadRequest("Signature is not base64"));
        }

        X509Certificate2 certificate;
        try
        {
            certificate = await CertificateAsync(Field("SigningCertURL"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or CryptographicException or TaskCanceledException)
        {
            return Fail(WebhookResult.Reply(502, "the signing certificate could not be fetched: " + e.Message));
        }

        if (_trust.Check(certificate) is { } untrusted)
        {
            // Dropped from the cache, so a renewed certificate at the same URL is fetched again.
            _certificates.TryRemove(new KeyValuePair<string, X509Certificate2>(Field("SigningCertURL"), certificate));
            return Fail(WebhookResult.Forbidden("the signing certificate is not trusted: " + untrusted));
        }

        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is null || !rsa.VerifyData(Encoding.UTF8.GetBytes(canonical.ToString()), signature, algorithm.Value, RSASignaturePadding.Pkcs1))
        {
            return Fail(WebhookResult.Forbidden("the SNS signature does not verify"));
        }

        switch (type)
        {
            case "SubscriptionConfirmation":
                if (!IsTrusted(Field("SubscribeURL")))
                {
                    return Fail(WebhookResult.Forbidden("SubscribeURL is not on a trusted host (snsTrustedHosts)"));
                }

                try
                {
                    using var confirm = await Http.GetAsync(new Uri(Field("SubscribeURL")), cancellationToken).ConfigureAwait(false);
                    confirm.EnsureSuccessStatusCode();
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return Fail(WebhookResult.Reply(502, "the subscription could not be confirmed: " + e.Message));
                }

                return Fail(WebhookResult.Reply(200, "{\"confirmed\":true}"));
            case "UnsubscribeConfirmation":
                return Fail(WebhookResult.Reply(200, "{\"unsubscribed\":true}"));
            default:
                return new SnsEnvelope(null, Field("Message"));
        }
    }

    private bool IsTrusted(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttps || (_allowHttp && uri.Scheme == Uri.UriSchemeHttp)) &&
        _hosts.Any(h => h.IsMatch(uri.Host));

    private async Task<X509Certificate2> CertificateAsync(string url, CancellationToken cancellationToken)
    {
        if (_certificates.TryGetValue(url, out var cached))
        {
            return cached;
        }

        var pem = await Http.GetStringAsync(new Uri(url), cancellationToken).ConfigureAwait(false);
        var certificate = X509Certificate2.CreateFromPem(pem);
        return _certificates.GetOrAdd(url, certificate);
    }

    private static SnsEnvelope Fail(WebhookResult reply) => new(reply, null);
}
