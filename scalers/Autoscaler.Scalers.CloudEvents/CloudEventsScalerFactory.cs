using Autoscaler.Events;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.CloudEvents;

/// <summary>Builds <c>cloudevents</c> scalers: the hub's event scaler fed by <see cref="CloudEventsWebhook"/>.</summary>
public sealed class CloudEventsScalerFactory : ScalerFactory<CloudEventsTriggerOptions>
{
    /// <summary>The trigger type name.</summary>
    public const string TypeName = "cloudevents";

    private readonly IServiceProvider _services;

    /// <summary>
    /// Creates the factory. The <see cref="IEventHub"/> is looked up when a scaler is built, so tools that only
    /// validate (the CLI) need no hub.
    /// </summary>
    public CloudEventsScalerFactory(IServiceProvider services) => _services = services;

    private IEventHub Hub => _services.GetService(typeof(IEventHub)) as IEventHub
        ?? throw new ScalerConfigurationException("push triggers need the event hub; the host must call AddPushEvents()");

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <inheritdoc />
    protected override IScaler CreateScaler(CloudEventsTriggerOptions options, ScalerContext context) =>
        Hub.CreateScaler(context, options, new CloudEventsWebhook(options));
}
