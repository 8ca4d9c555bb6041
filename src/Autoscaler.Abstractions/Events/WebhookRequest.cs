namespace Autoscaler.Events;

/// <summary>One HTTP delivery to a push trigger, after size and authentication checks, without ASP.NET types.</summary>
public sealed class WebhookRequest
{
    /// <summary>The HTTP method (<c>POST</c>, or <c>OPTIONS</c> for the CloudEvents abuse-protection handshake).</summary>
    public required string Method { get; init; }

    /// <summary>The <c>Content-Type</c> header, or empty.</summary>
    public string ContentType { get; init; } = "";

    /// <summary>The request headers (case-insensitive names; repeated headers joined with commas).</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>The body.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The header <paramref name="name"/>, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
