using Autoscaler.Events;
using Autoscaler.Scaling;
using Autoscaler.Validation;

namespace Autoscaler.Scalers.Mqtt;

/// <summary>The <c>mqtt</c> trigger's metadata: the shared push fields (counting, one Job per event), the broker and the subscription.</summary>
public sealed class MqttTriggerOptions : PushTriggerOptions
{
    /// <summary>The broker: <c>mqtt://host:port</c> (1883 when left out) or <c>mqtts://host:port</c> (TLS, 8883). Required.</summary>
    [TriggerField("brokerUrl", Sources = TriggerFieldSource.MetadataOrEnv)]
    public string BrokerUrl { get; set; } = "";

    /// <summary>The topic filter; <c>+</c> matches one level, <c>#</c> the rest (<c>factory/+/alarms</c>). Required.</summary>
    [TriggerField("topic")]
    public string Topic { get; set; } = "";

    /// <summary>The subscription's QoS: 0, 1 (the default) or 2. With 1 and 2 a message is acknowledged only once it is journaled.</summary>
    [TriggerField("qos", Default = "1")]
    public int Qos { get; set; }

    /// <summary>The client id. The default is <c>autoscaler-{namespace}-{name}-{trigger index}</c>.</summary>
    [TriggerField("clientId", Optional = true)]
    public string? ClientId { get; set; }

    /// <summary>The user name, from metadata or TriggerAuthentication. The default is none (anonymous).</summary>
    [TriggerField("username", Optional = true, Sources = TriggerFieldSource.Any)]
    public string? Username { get; set; }

    /// <summary>The password, from TriggerAuthentication only; never logged.</summary>
    [TriggerField("password", Optional = true, Sources = TriggerFieldSource.Auth, Secret = true)]
    public string? Password { get; set; }

    /// <summary>A JSON field of the payload that identifies the message (for idempotency). The default is none: every message counts.</summary>
    [TriggerField("eventIdPath", Optional = true)]
    public string? EventIdPath { get; set; }

    /// <summary>The first reconnect delay; it doubles up to <c>reconnectMaxDelay</c>. The default is 1 second.</summary>
    [TriggerField("reconnectDelay", Default = "1s")]
    public TimeSpan ReconnectDelay { get; set; }

    /// <summary>The longest reconnect delay. The default is 30 seconds.</summary>
    [TriggerField("reconnectMaxDelay", Default = "30s")]
    public TimeSpan ReconnectMaxDelay { get; set; }

    /// <inheritdoc />
    public override void Validate(ErrorList errors)
    {
        base.Validate(errors);
        ArgumentNullException.ThrowIfNull(errors);
        if (BrokerUrl.Length > 0 && (!Uri.TryCreate(BrokerUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("mqtt" or "mqtts" or "tcp" or "ssl")))
        {
            errors.Add("brokerUrl", "must be mqtt://host:port or mqtts://host:port");
        }

        if (Topic.Length == 0 || Topic.Contains("#/", StringComparison.Ordinal) || (Topic.Contains('#', StringComparison.Ordinal) && !Topic.EndsWith('#')))
        {
            errors.Add("topic", "must be a topic filter; # only as the last level");
        }

        if (Qos is < 0 or > 2)
        {
            errors.Add("qos", "must be 0, 1 or 2");
        }

        if (ReconnectDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectDelay)
        {
            errors.Add("reconnectMaxDelay", "reconnectDelay must be greater than 0 and at most reconnectMaxDelay");
        }
    }
}
