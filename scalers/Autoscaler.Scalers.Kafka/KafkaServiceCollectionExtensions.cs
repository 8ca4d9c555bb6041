using Autoscaler.Scaling;
using Microsoft.Extensions.DependencyInjection;

namespace Autoscaler.Scalers.Kafka;

/// <summary>Registers the kafka scaler.</summary>
public static class KafkaServiceCollectionExtensions
{
    /// <summary>Adds the <c>kafka</c> trigger type.</summary>
    public static IServiceCollection AddKafkaScaler(this IServiceCollection services) => services.AddScaler<KafkaScalerFactory>();
}
