using Autoscaler.Scaling;
using Microsoft.Extensions.DependencyInjection;

namespace Autoscaler.Scalers.Mqtt;

/// <summary>Registers the MQTT push trigger.</summary>
public static class MqttServiceCollectionExtensions
{
    /// <summary>Adds the <c>mqtt</c> trigger type. Needs an <see cref="Autoscaler.Events.IEventHub"/> (AddPushEvents).</summary>
    public static IServiceCollection AddMqttScaler(this IServiceCollection services) => services.AddScaler<MqttScalerFactory>();
}
