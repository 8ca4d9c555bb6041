using Autoscaler.Events;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.AzureEventGrid;

/// <summary>Builds <c>azure-event-grid</c> scalers: the hub's event scaler fed by <see cref="EventGridWebhook"/>.</summary>
public sealed class EventGridScalerFactory : ScalerFactory<EventGridTriggerOptions>
{
    /// <summary>The trigger type name.</summary>
    public const string TypeName = "azure-event-grid";

    private readonly IEventHub _hub;

    /// <summary>Creates the factory.</summary>
    public EventGridScalerFactory(IEventHub hub) => _hub = hub;

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <inheritdoc />
    protected override IScaler CreateScaler(EventGridTriggerOptions options, ScalerContext context) =>
        _hub.CreateScaler(context, options, new EventGridWebhook(options));
}
