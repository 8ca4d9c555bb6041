using Autoscaler.Scaling;

namespace Autoscaler.Events;

/// <summary>
/// Where push triggers keep their events. A push trigger's factory asks the hub for its scaler; the hub owns the
/// counting, the bounded queue, idempotency, the durable journal, and the webhook route of the trigger:
/// <c>/api/events/{scaledobjects|scaledjobs}/{namespace}/{name}/{trigger}</c>, where <c>trigger</c> is the trigger's
/// <c>name</c>, or its index when it has none.
/// </summary>
public interface IEventHub
{
    /// <summary>
    /// Makes the scaler of one push trigger. <paramref name="webhook"/> parses the trigger's HTTP deliveries (null for
    /// triggers that are not fed over HTTP, such as MQTT). Throws <see cref="ScalerConfigurationException"/> when the
    /// settings are wrong (for example a webhook without authentication that is not marked public).
    /// </summary>
    IEventScaler CreateScaler(ScalerContext context, PushTriggerOptions options, IWebhookHandler? webhook);
}
