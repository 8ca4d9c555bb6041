using Autoscaler.Scaling;
using Microsoft.Extensions.DependencyInjection;

namespace Autoscaler.Scalers.CloudEvents;

/// <summary>Registers the CloudEvents push trigger.</summary>
public static class CloudEventsServiceCollectionExtensions
{
    /// <summary>Adds the <c>cloudevents</c> trigger type. Needs an <see cref="Autoscaler.Events.IEventHub"/> (AddPushEvents).</summary>
    public static IServiceCollection AddCloudEventsScaler(this IServiceCollection services) => services.AddScaler<CloudEventsScalerFactory>();
}
