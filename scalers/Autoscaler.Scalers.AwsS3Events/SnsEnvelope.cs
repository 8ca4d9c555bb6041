using Autoscaler.Events;

namespace Autoscaler.Scalers.AwsS3Events;

/// <summary>A verified SNS delivery: a reply of its own (handshake or refusal), or the notification's Message.</summary>
internal sealed record SnsEnvelope(WebhookResult? Reply, string? Message);
