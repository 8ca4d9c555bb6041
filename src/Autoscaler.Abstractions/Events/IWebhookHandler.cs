namespace Autoscaler.Events;

/// <summary>
/// Parses one push trigger's HTTP deliveries (S3 records, SNS envelopes, Event Grid and CloudEvents batches) into
/// events, and answers the source's handshakes. The host checks size, authentication and rate limits before, and
/// records the events durably after.
/// </summary>
public interface IWebhookHandler
{
    /// <summary>
    /// Whether the delivery is a handshake that carries no events and may come without the trigger's credentials
    /// (Event Grid subscription validation, the CloudEvents OPTIONS abuse-protection request).
    /// </summary>
    bool IsHandshake(WebhookRequest request);

    /// <summary>Whether the handler verifies every delivery itself (SNS message signatures), so the host needs no credential.</summary>
    bool VerifiesSender { get; }

    /// <summary>Parses <paramref name="request"/>. Never throws for bad input: returns <see cref="WebhookResult.BadRequest"/>.</summary>
    ValueTask<WebhookResult> HandleAsync(WebhookRequest request, CancellationToken cancellationToken);
}
