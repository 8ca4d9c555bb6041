using System.Globalization;
using System.Net.Mime;
using System.Text.Json;
using Autoscaler.Events;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace Autoscaler.Scalers.CloudEvents;

/// <summary>
/// Parses CloudEvents 1.0 over HTTP: structured mode (<c>application/cloudevents+json</c>), batch mode
/// (<c>application/cloudevents-batch+json</c>) and binary mode (<c>ce-*</c> headers, the body is the data); answers the
/// OPTIONS abuse-protection handshake of the CloudEvents webhook spec.
/// </summary>
internal sealed class CloudEventsWebhook : IWebhookHandler
{
    private static readonly JsonEventFormatter Formatter = new();
    private readonly CloudEventsTriggerOptions _options;
    private readonly NameFilter _types;
    private readonly NameFilter _sources;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _jobEnv;

    public CloudEventsWebhook(CloudEventsTriggerOptions options)
    {
        _options = options;
        _types = new NameFilter(options.Types);
        _sources = new NameFilter(options.Sources);
        _jobEnv = JobEnvTemplate.TryParse(options.JobEnv ?? "", out var pairs, out _) ? pairs : [];
    }

    public bool VerifiesSender => false;

    public bool IsHandshake(WebhookRequest request) => request.Method == "OPTIONS";

    public ValueTask<WebhookResult> HandleAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method == "OPTIONS")
        {
            return ValueTask.FromResult(Handshake(request));
        }

        if (TryDecodeSimpleBinary(request, out var simple))
        {
            return ValueTask.FromResult(simple is null ? WebhookResult.Parsed([], 1) : WebhookResult.Parsed([simple], 0));
        }

        IReadOnlyList<CloudEvent> events;
        try
        {
            events = Decode(request);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or JsonException or InvalidOperationException or NotSupportedException)
        {
            return ValueTask.FromResult(WebhookResult.BadRequest("not a valid CloudEvent: " + e.Message));
        }

        var accepted = new List<PushEvent>(events.Count);
        foreach (var cloudEvent in events)
        {
            if (Matches(cloudEvent))
            {
                accepted.Add(ToPushEvent(cloudEvent));
            }
        }

        return ValueTask.FromResult(WebhookResult.Parsed(accepted, events.Count - accepted.Count));
    }

    /// <summary>The CloudEvents webhook abuse protection: allow the origin that asks (or the configured one).</summary>
    internal static WebhookResult Handshake(WebhookRequest request, string allowedOrigin = "*")
    {
        if (request.Header("WebHook-Request-Origin") is not { Length: > 0 } origin)
        {
            return WebhookResult.Reply(200, null, new Dictionary<string, string> { ["Allow"] = "POST, OPTIONS" });
        }

        if (allowedOrigin != "*" && !string.Equals(origin, allowedOrigin, StringComparison.OrdinalIgnoreCase))
        {
            return WebhookResult.Forbidden($"origin '{origin}' is not allowed");
        }

        var headers = new Dictionary<string, string> { ["WebHook-Allowed-Origin"] = origin, ["Allow"] = "POST, OPTIONS" };
        if (request.Header("WebHook-Request-Rate") is not null)
        {
            headers["WebHook-Allowed-Rate"] = "*";
        }

        return WebhookResult.Reply(200, null, headers);
    }

    private WebhookResult Handshake(WebhookRequest request) => Handshake(request, _options.AllowedOrigin);

    private static IReadOnlyList<CloudEvent> Decode(WebhookRequest request)
    {
        var mediaType = request.ContentType.Split(';', 2)[0].Trim();
        if (mediaType.Equals("application/cloudevents-batch+json", StringComparison.OrdinalIgnoreCase))
        {
            var batch = Formatter.DecodeBatchModeMessage(request.Body, new ContentType(request.ContentType), null);
            foreach (var e in batch)
            {
                e.Validate();
            }

            return batch;
        }

        if (mediaType.StartsWith("application/cloudevents", StringComparison.OrdinalIgnoreCase))
        {
            return [Formatter.DecodeStructuredModeMessage(request.Body, new ContentType(request.ContentType), null).Validate()];
        }

        if (request.Header("ce-specversion") is not { } version)
        {
            throw new FormatException("expected Content-Type application/cloudevents+json, application/cloudevents-batch+json, or binary mode with ce-specversion and the other ce-* headers");
        }

        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.FromVersionId(version) ?? throw new FormatException($"unsupported specversion '{version}'"));
        foreach (var (name, value) in request.Headers)
        {
            if (name.Length > 3 && name.StartsWith("ce-", StringComparison.OrdinalIgnoreCase) && !name.Equals("ce-specversion", StringComparison.OrdinalIgnoreCase))
            {
                cloudEvent.SetAttributeFromString(name[3..].ToLowerInvariant(), Uri.UnescapeDataString(value));
            }
        }

        if (request.ContentType.Length > 0)
        {
            cloudEvent.DataContentType = request.ContentType;
        }

        if (!request.Body.IsEmpty)
        {
            Formatter.DecodeBinaryModeEventData(request.Body, cloudEvent);
        }

        return [cloudEvent.Validate()];
    }

    /// <summary>
    /// The webhook's hot path: binary mode with only the core attributes (<c>specversion</c> 1.0, <c>id</c>, <c>source</c>,
    /// <c>type</c>, optional <c>subject</c>) and a JSON or empty body, for a counting trigger. The same checks and the same
    /// event id as the SDK's way, without building a CloudEvent and its data. False for anything else (extensions,
    /// <c>time</c>, other content types, one Job per event, or anything invalid), which then goes the SDK's way — that
    /// way also words the errors. <paramref name="pushEvent"/> is null when the event is filtered out.
    /// </summary>
    private bool TryDecodeSimpleBinary(WebhookRequest request, out PushEvent? pushEvent)
    {
        pushEvent = null;
        var contentType = request.ContentType;
        if (_options.JobPerEvent ||
            !(request.Body.IsEmpty || contentType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || contentType.Equals("application/json; charset=utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        string? version = null, id = null, source = null, type = null, subject = null;
        foreach (var (name, value) in request.Headers)
        {
            if (name.Length <= 3 || !name.StartsWith("ce-", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var attribute = name.AsSpan(3);
            if (attribute.Equals("specversion", StringComparison.OrdinalIgnoreCase))
            {
                version = value;
            }
            else if (attribute.Equals("id", StringComparison.OrdinalIgnoreCase))
            {
                id = Uri.UnescapeDataString(value);
            }
            else if (attribute.Equals("source", StringComparison.OrdinalIgnoreCase))
            {
                source = Uri.UnescapeDataString(value);
            }
            else if (attribute.Equals("type", StringComparison.OrdinalIgnoreCase))
            {
                type = Uri.UnescapeDataString(value);
            }
            else if (attribute.Equals("subject", StringComparison.OrdinalIgnoreCase))
            {
                subject = Uri.UnescapeDataString(value);
            }
            else
            {
                return false;
            }
        }

        if (version != "1.0" || !IsPlain(id) || !IsPlain(type) || !IsPlain(source) || (subject is not null && !IsPlain(subject)) ||
            !Uri.TryCreate(source, UriKind.RelativeOrAbsolute, out var sourceUri) ||
            (!request.Body.IsEmpty && !IsWellFormedJson(request.Body.Span)))
        {
            return false;
        }

        var sourceText = sourceUri.ToString();
        if (_types.Matches(type) && _sources.Matches(sourceText) &&
            (_options.SubjectPrefix is not { Length: > 0 } prefix || (subject?.StartsWith(prefix, StringComparison.Ordinal) ?? false)) &&
            (_options.SubjectSuffix is not { Length: > 0 } suffix || (subject?.EndsWith(suffix, StringComparison.Ordinal) ?? false)))
        {
            pushEvent = new PushEvent(string.Concat(sourceText, "#", id), type!, EmptyEnvironment);
        }

        return true;
    }

    /// <summary>A non-empty string with no control characters (what the SDK's string attribute type accepts).</summary>
    private static bool IsPlain([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value) =>
        !string.IsNullOrEmpty(value) && !value.AsSpan().ContainsAnyInRange('\u0000', '\u001f') && !value.AsSpan().ContainsAnyInRange('\u007f', '\u009f');

    /// <summary>Whether <paramref name="json"/> is one well-formed JSON value (the rules JsonDocument.Parse applies), without building it.</summary>
    private static bool IsWellFormedJson(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            var tokens = 0;
            while (reader.Read())
            {
                tokens++;
            }

            return tokens > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private bool Matches(CloudEvent e) =>
        _types.Matches(e.Type) && _sources.Matches(e.Source?.ToString()) &&
        (_options.SubjectPrefix is not { Length: > 0 } prefix || (e.Subject?.StartsWith(prefix, StringComparison.Ordinal) ?? false)) &&
        (_options.SubjectSuffix is not { Length: > 0 } suffix || (e.Subject?.EndsWith(suffix, StringComparison.Ordinal) ?? false));

    private PushEvent ToPushEvent(CloudEvent e)
    {
        var id = $"{e.Source}#{e.Id}";
        if (!_options.JobPerEvent)
        {
            return new PushEvent(id, e.Type ?? "", EmptyEnvironment);
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["EVENT_ID"] = e.Id ?? "",
            ["EVENT_TYPE"] = e.Type ?? "",
            ["EVENT_SOURCE"] = e.Source?.ToString() ?? "",
        };
        if (e.Subject is { } subject)
        {
            env["EVENT_SUBJECT"] = subject;
        }

        JobEnvTemplate.Apply(_jobEnv, path => Lookup(e, path), env);
        return new PushEvent(id, e.Type ?? "", env);
    }

    /// <summary>A CloudEvent attribute by name (<c>id</c>, <c>source</c>, an extension), or a data field by <c>data.path</c>.</summary>
    internal static string? Lookup(CloudEvent e, string path)
    {
        if (path == "data")
        {
            return e.Data switch { JsonElement j => j.ValueKind == JsonValueKind.String ? j.GetString() : j.GetRawText(), null => null, var d => d.ToString() };
        }

        if (path.StartsWith("data.", StringComparison.Ordinal))
        {
            return e.Data is JsonElement json ? JsonFieldPath.Read(json, path[5..]) : null;
        }

        return e[path] switch
        {
            null => null,
            DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
            var value => Convert.ToString(value, CultureInfo.InvariantCulture),
        };
    }

    private static readonly Dictionary<string, string> EmptyEnvironment = [];
}
