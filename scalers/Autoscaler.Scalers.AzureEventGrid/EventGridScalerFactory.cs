using Autoscaler.Events;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.AzureEventGrid;

/// <summary>Builds <c>azure-event-grid</c> scalers: the hub's event scaler fed by <see cref="EventGridWebhook"/>.</summary>
public sealed class EventGridScalerFactory : ScalerFactory<EventGridTriggerOptions>
{
    /// <summary>The trigger type name.</summary>
    public const string TypeName = "azure-event-grid";

    private readonly IServiceProvider _services;

    /// <summary>
    /// Creates the factory. The <see cref="IEventHub"/> is looked up when a scaler is built, so tools that only
    /// validate (the CLI) need no hub.
    /// </summary>
    public EventGridScalerFactory(IServiceProvider services) => _services = services;

    private IEventHub Hub => _services.GetService(typeof(IEventHub)) as IEventHub
        ?? throw new ScalerConfigurationException("push triggers need the event hub; the host must call AddPushEvents()");

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <inheritdoc />
    protected override IScaler CreateScaler(EventGridTriggerOptions options, ScalerContext context) =>
        Hub.CreateScaler(context, options, new EventGridWebhook(options));
}
