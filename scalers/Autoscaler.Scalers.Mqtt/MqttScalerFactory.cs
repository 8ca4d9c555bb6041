using Autoscaler.Events;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Mqtt;

/// <summary>Builds <c>mqtt</c> scalers: an MQTT subscription feeding the hub's event scaler.</summary>
public sealed class MqttScalerFactory : ScalerFactory<MqttTriggerOptions>
{
    /// <summary>The trigger type name.</summary>
    public const string TypeName = "mqtt";

    private readonly IEventHub _hub;

    /// <summary>Creates the factory.</summary>
    public MqttScalerFactory(IEventHub hub) => _hub = hub;

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <inheritdoc />
    protected override IScaler CreateScaler(MqttTriggerOptions options, ScalerContext context) =>
        new MqttScaler(_hub.CreateScaler(context, options, webhook: null), options, context);
}
