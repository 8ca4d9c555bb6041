namespace Autoscaler.Events;

/// <summary>What a <see cref="IWebhookHandler"/> made of a delivery: events to publish, or a reply of its own.</summary>
public sealed class WebhookResult
{
    private static readonly Dictionary<string, string> NoHeaders = [];

    /// <summary>The events of the delivery (possibly none, for example when all were filtered out).</summary>
    public IReadOnlyList<PushEvent> Events { get; private init; } = [];

    /// <summary>Events the trigger's filters dropped.</summary>
    public int Filtered { get; private init; }

    /// <summary>The HTTP status of a reply of the handler's own (handshakes, errors); null when events were parsed.</summary>
    public int? StatusCode { get; private init; }

    /// <summary>The body of the handler's own reply (JSON when it starts with <c>{</c>, else text).</summary>
    public string? Body { get; private init; }

    /// <summary>Headers of the handler's own reply.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; private init; } = NoHeaders;

    /// <summary>Parsed events (after filtering; <paramref name="filtered"/> were dropped).</summary>
    public static WebhookResult Parsed(IReadOnlyList<PushEvent> events, int filtered = 0) => new() { Events = events, Filtered = filtered };

    /// <summary>A handshake or other reply of the handler's own; no events.</summary>
    public static WebhookResult Reply(int statusCode, string? body, IReadOnlyDictionary<string, string>? headers = null) =>
        new() { StatusCode = statusCode, Body = body, Headers = headers ?? NoHeaders };

    /// <summary>A malformed delivery: 400 with <paramref name="reason"/> (which must not contain secrets).</summary>
    public static WebhookResult BadRequest(string reason) => Reply(400, reason);

    /// <summary>A delivery whose own signature (SNS) did not verify: 403 with <paramref name="reason"/>.</summary>
    public static WebhookResult Forbidden(string reason) => Reply(403, reason);
}
