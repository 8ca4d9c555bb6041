using Autoscaler.Scalers.Aws;
using Autoscaler.Scalers.Cron;
using Autoscaler.Scalers.Demo;
using Autoscaler.Scalers.Http;
using Autoscaler.Scalers.Kafka;

namespace Autoscaler.Service.Hosting;

/// <summary>Every scaler this build ships: one line each, in alphabetical order.</summary>
public static class ScalerRegistrations
{
    /// <summary>Adds every shipped scaler.</summary>
    public static IServiceCollection AddScalers(this IServiceCollection services) => services
        .AddAwsS3Scaler()
        .AddAwsSqsQueueScaler()
        .AddCronScaler()
        .AddDemoScaler()
        .AddKafkaScaler()
        .AddMetricsApiScaler()
        .AddPrometheusScaler();
}
