using Autoscaler.Events;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.CloudEvents;

/// <summary>Builds <c>cloudevents</c> scalers: the hub's event scaler fed by <see cref="CloudEventsWebhook"/>.</summary>
public sealed class CloudEventsScalerFactory : ScalerFactory<CloudEventsTriggerOptions>
{
    /// <summary>The trigger type name.</summary>
    public const string TypeName = "cloudevents";

    private readonly IEventHub _hub;

    /// <summary>Creates the factory.</summary>
    public CloudEventsScalerFactory(IEventHub hub) => _hub = hub;

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <inheritdoc />
    protected override IScaler CreateScaler(CloudEventsTriggerOptions options, ScalerContext context) =>
        _hub.CreateScaler(context, options, new CloudEventsWebhook(options));
}
