using System.Text.Json;
using Autoscaler.Events;

namespace Autoscaler.Scalers.AwsS3Events;

/// <summary>Parses S3 event notifications (<c>{"Records":[...]}</c>), directly or inside SNS envelopes.</summary>
internal sealed class S3Webhook : IWebhookHandler
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly S3EventsTriggerOptions _options;
    private readonly SnsVerifier? _sns;
    private readonly string[] _eventNames;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _jobEnv;

    public S3Webhook(S3EventsTriggerOptions options, SnsVerifier? sns)
    {
        _options = options;
        _sns = sns;
        _eventNames = [.. (options.EventNames ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(StripPrefix)];
        _jobEnv = JobEnvTemplate.TryParse(options.JobEnv ?? "", out var pairs, out _) ? pairs : [];
    }

    public bool VerifiesSender => _sns is not null;

    public bool IsHandshake(WebhookRequest request) => false;

    public async ValueTask<WebhookResult> HandleAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method != "POST")
        {
            return WebhookResult.Reply(405, "only POST is accepted");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(request.Body);
        }
        catch (JsonException e)
        {
            return WebhookResult.BadRequest("the body is not JSON: " + e.Message);
        }

        using (document)
        {
            if (_sns is not null)
            {
                var envelope = await _sns.VerifyAsync(document.RootElement, cancellationToken).ConfigureAwait(false);
                if (envelope.Reply is { } reply)
                {
                    return reply;
                }

                try
                {
                    using var inner = JsonDocument.Parse(envelope.Message!);
                    return Parse(inner.RootElement);
                }
                catch (JsonException e)
                {
                    return WebhookResult.BadRequest("the SNS Message is not an S3 event notification: " + e.Message);
                }
            }

            return Parse(document.RootElement);
        }
    }

    private WebhookResult Parse(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Event", out var test) && test.GetString() == "s3:TestEvent")
        {
            return WebhookResult.Parsed([]);
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array)
        {
            return WebhookResult.BadRequest("expected an S3 event notification: {\"Records\": [...]}");
        }

        var events = new List<PushEvent>(records.GetArrayLength());
        var filtered = 0;
        var index = 0;
        foreach (var record in records.EnumerateArray())
        {
            var eventName = JsonFieldPath.Read(record, "eventName");
            var bucket = JsonFieldPath.Read(record, "s3.bucket.name");
            var rawKey = JsonFieldPath.Read(record, "s3.object.key");
            if (eventName is null || bucket is null || rawKey is null)
            {
                return WebhookResult.BadRequest($"Records[{index}] lacks eventName, s3.bucket.name or s3.object.key");
            }

            index++;
            var key = Uri.UnescapeDataString(rawKey.Replace('+', ' '));
            if (!Matches(StripPrefix(eventName), bucket, key))
            {
                filtered++;
                continue;
            }

            var sequencer = JsonFieldPath.Read(record, "s3.object.sequencer") ?? JsonFieldPath.Read(record, "eventTime") ?? "";
            var id = $"{bucket}/{key}#{eventName}#{sequencer}";
            events.Add(new PushEvent(id, eventName, _options.JobPerEvent ? Environment(record, id, eventName, bucket, key) : NoEnvironment));
        }

        return WebhookResult.Parsed(events, filtered);
    }

    private Dictionary<string, string> Environment(JsonElement record, string id, string eventName, string bucket, string key)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["EVENT_ID"] = id,
            ["EVENT_TYPE"] = eventName,
            ["S3_BUCKET"] = bucket,
            ["S3_KEY"] = key,
            ["S3_EVENT_NAME"] = eventName,
        };
        if (JsonFieldPath.Read(record, "s3.object.size") is { } size)
        {
            env["S3_SIZE"] = size;
        }

        JobEnvTemplate.Apply(_jobEnv, path => JsonFieldPath.Read(record, path), env);
        return env;
    }

    private bool Matches(string eventName, string bucket, string key) =>
        (_options.BucketName is not { Length: > 0 } b || b == bucket) &&
        (_options.KeyPrefix is not { Length: > 0 } prefix || key.StartsWith(prefix, StringComparison.Ordinal)) &&
        (_options.KeySuffix is not { Length: > 0 } suffix || key.EndsWith(suffix, StringComparison.Ordinal)) &&
        (_eventNames.Length == 0 || _eventNames.Any(n => n.EndsWith('*') ? eventName.StartsWith(n[..^1], StringComparison.Ordinal) : n == eventName));

    private static string StripPrefix(string name) => name.StartsWith("s3:", StringComparison.Ordinal) ? name[3..] : name;
}
