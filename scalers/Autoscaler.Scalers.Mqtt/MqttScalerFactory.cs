using Autoscaler.Events;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Mqtt;

/// <summary>Builds <c>mqtt</c> scalers: an MQTT subscription feeding the hub's event scaler.</summary>
public sealed class MqttScalerFactory : ScalerFactory<MqttTriggerOptions>
{
    /// <summary>The trigger type name.</summary>
    public const string TypeName = "mqtt";

    private readonly IServiceProvider _services;

    /// <summary>
    /// Creates the factory. The <see cref="IEventHub"/> is looked up when a scaler is built, so tools that only
    /// validate (the CLI) need no hub.
    /// </summary>
    public MqttScalerFactory(IServiceProvider services) => _services = services;

    private IEventHub Hub => _services.GetService(typeof(IEventHub)) as IEventHub
        ?? throw new ScalerConfigurationException("push triggers need the event hub; the host must call AddPushEvents()");

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <inheritdoc />
    protected override IScaler CreateScaler(MqttTriggerOptions options, ScalerContext context) =>
        new MqttScaler(Hub.CreateScaler(context, options, webhook: null), options, context);
}
