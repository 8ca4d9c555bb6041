using System.Globalization;
using System.Text.Json;
using Autoscaler.Events;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;

namespace Autoscaler.Scalers.AzureEventGrid;

/// <summary>
/// Parses Event Grid deliveries with Azure.Messaging.EventGrid: EventGridEvent batches (answering the
/// <c>SubscriptionValidationEvent</c> handshake with its <c>validationResponse</c>) and CloudEvents 1.0 (answering the
/// OPTIONS abuse-protection handshake with <c>WebHook-Allowed-Origin</c>).
/// </summary>
internal sealed class EventGridWebhook : IWebhookHandler
{
    private const string ValidationEventType = "Microsoft.EventGrid.SubscriptionValidationEvent";
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly EventGridTriggerOptions _options;
    private readonly string[] _exactTypes;
    private readonly string[] _typePrefixes;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _jobEnv;

    public EventGridWebhook(EventGridTriggerOptions options)
    {
        _options = options;
        var types = (options.EventTypes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        _exactTypes = [.. types.Where(t => !t.EndsWith('*'))];
        _typePrefixes = [.. types.Where(t => t.EndsWith('*')).Select(t => t[..^1])];
        _jobEnv = JobEnvTemplate.TryParse(options.JobEnv ?? "", out var pairs, out _) ? pairs : [];
    }

    public bool VerifiesSender => false;

    public bool IsHandshake(WebhookRequest request) =>
        request.Method == "OPTIONS" ||
        string.Equals(request.Header("aeg-event-type"), "SubscriptionValidation", StringComparison.OrdinalIgnoreCase);

    public ValueTask<WebhookResult> HandleAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method == "OPTIONS")
        {
            return ValueTask.FromResult(AbuseProtection(request));
        }

        try
        {
            return ValueTask.FromResult(IsCloudEvents(request) ? ParseCloudEvents(request) : ParseEventGrid(request));
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return ValueTask.FromResult(WebhookResult.BadRequest("not a valid Event Grid delivery: " + e.Message));
        }
    }

    private WebhookResult ParseEventGrid(WebhookRequest request)
    {
        var events = EventGridEvent.ParseMany(BinaryData.FromBytes(request.Body));
        var handshake = IsHandshake(request);
        var accepted = new List<PushEvent>(events.Length);
        var filtered = 0;
        foreach (var e in events)
        {
            if (e.EventType == ValidationEventType)
            {
                if (e.TryGetSystemEventData(out var data) && data is SubscriptionValidationEventData validation)
                {
                    return WebhookResult.Reply(200, JsonSerializer.Serialize(new Dictionary<string, string> { ["validationResponse"] = validation.ValidationCode }));
                }

                return WebhookResult.BadRequest("SubscriptionValidationEvent without data.validationCode");
            }

            if (handshake)
            {
                return WebhookResult.BadRequest("aeg-event-type SubscriptionValidation without a SubscriptionValidationEvent");
            }

            if (!Matches(e.EventType, e.Subject))
            {
                filtered++;
                continue;
            }

            accepted.Add(new PushEvent(e.Id, e.EventType, _options.JobPerEvent ? Environment(e.Id, e.EventType, e.Subject, path => EventGridField(e, path)) : NoEnvironment));
        }

        return WebhookResult.Parsed(accepted, filtered);
    }

    private WebhookResult ParseCloudEvents(WebhookRequest request)
    {
        var events = CloudEvent.ParseMany(BinaryData.FromBytes(request.Body), skipValidation: false);
        var accepted = new List<PushEvent>(events.Length);
        var filtered = 0;
        foreach (var e in events)
        {
            if (!Matches(e.Type, e.Subject))
            {
                filtered++;
                continue;
            }

            accepted.Add(new PushEvent($"{e.Source}#{e.Id}", e.Type, _options.JobPerEvent ? Environment(e.Id, e.Type, e.Subject, path => CloudEventField(e, path)) : NoEnvironment));
        }

        return WebhookResult.Parsed(accepted, filtered);
    }

    private bool IsCloudEvents(WebhookRequest request)
    {
        if (_options.Schema != EventGridSchema.Auto)
        {
            return _options.Schema == EventGridSchema.CloudEvents;
        }

        if (request.ContentType.StartsWith("application/cloudevents", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        using var document = JsonDocument.Parse(request.Body);
        var first = document.RootElement.ValueKind == JsonValueKind.Array && document.RootElement.GetArrayLength() > 0
            ? document.RootElement[0]
            : document.RootElement;
        return first.ValueKind == JsonValueKind.Object && first.TryGetProperty("specversion", out _);
    }

    private bool Matches(string type, string? subject) =>
        ((_exactTypes.Length == 0 && _typePrefixes.Length == 0) || _exactTypes.Contains(type, StringComparer.OrdinalIgnoreCase) ||
            _typePrefixes.Any(p => type.StartsWith(p, StringComparison.OrdinalIgnoreCase))) &&
        (_options.SubjectBeginsWith is not { Length: > 0 } begins || (subject?.StartsWith(begins, StringComparison.Ordinal) ?? false)) &&
        (_options.SubjectEndsWith is not { Length: > 0 } ends || (subject?.EndsWith(ends, StringComparison.Ordinal) ?? false));

    private Dictionary<string, string> Environment(string id, string type, string? subject, Func<string, string?> lookup)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["EVENT_ID"] = id, ["EVENT_TYPE"] = type };
        if (subject is not null)
        {
            env["EVENT_SUBJECT"] = subject;
        }

        JobEnvTemplate.Apply(_jobEnv, lookup, env);
        return env;
    }

    private static string? EventGridField(EventGridEvent e, string path) => path switch
    {
        "id" => e.Id,
        "eventType" or "type" => e.EventType,
        "subject" => e.Subject,
        "topic" => e.Topic,
        "dataVersion" => e.DataVersion,
        "eventTime" or "time" => e.EventTime.ToString("O", CultureInfo.InvariantCulture),
        _ when path.StartsWith("data.", StringComparison.Ordinal) => DataField(e.Data, path[5..]),
        _ => null,
    };

    private static string? CloudEventField(CloudEvent e, string path) => path switch
    {
        "id" => e.Id,
        "type" => e.Type,
        "source" => e.Source,
        "subject" => e.Subject,
        "time" => e.Time?.ToString("O", CultureInfo.InvariantCulture),
        _ when path.StartsWith("data.", StringComparison.Ordinal) => DataField(e.Data, path[5..]),
        _ => e.ExtensionAttributes.TryGetValue(path, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null,
    };

    private static string? DataField(BinaryData? data, string path)
    {
        if (data is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(data.ToMemory());
        return JsonFieldPath.Read(document.RootElement, path);
    }

    private static WebhookResult AbuseProtection(WebhookRequest request)
    {
        var headers = new Dictionary<string, string> { ["Allow"] = "POST, OPTIONS" };
        if (request.Header("WebHook-Request-Origin") is { Length: > 0 } origin)
        {
            headers["WebHook-Allowed-Origin"] = origin;
            if (request.Header("WebHook-Request-Rate") is not null)
            {
                headers["WebHook-Allowed-Rate"] = "*";
            }
        }

        return WebhookResult.Reply(200, null, headers);
    }
}
