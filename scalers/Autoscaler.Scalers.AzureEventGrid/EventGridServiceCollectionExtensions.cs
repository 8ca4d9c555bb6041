using Autoscaler.Scaling;
using Microsoft.Extensions.DependencyInjection;

namespace Autoscaler.Scalers.AzureEventGrid;

/// <summary>Registers the Azure Event Grid push trigger.</summary>
public static class EventGridServiceCollectionExtensions
{
    /// <summary>Adds the <c>azure-event-grid</c> trigger type. Needs an <see cref="Autoscaler.Events.IEventHub"/> (AddPushEvents).</summary>
    public static IServiceCollection AddAzureEventGridScaler(this IServiceCollection services) => services.AddScaler<EventGridScalerFactory>();
}
