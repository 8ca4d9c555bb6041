using Autoscaler.Scalers.Aws;
using Autoscaler.Scalers.AwsS3Events;
using Autoscaler.Scalers.AzureEventGrid;
using Autoscaler.Scalers.CloudEvents;
using Autoscaler.Scalers.Cron;
using Autoscaler.Scalers.Demo;
using Autoscaler.Scalers.Http;
using Autoscaler.Scalers.Kafka;
using Autoscaler.Scalers.Mqtt;

namespace Autoscaler.Service.Hosting;

/// <summary>Every scaler this build ships: one line each, in alphabetical order.</summary>
public static class ScalerRegistrations
{
    /// <summary>Adds every shipped scaler.</summary>
    public static IServiceCollection AddScalers(this IServiceCollection services) => services
        .AddAwsS3EventsScaler()
        .AddAwsS3Scaler()
        .AddAwsSqsQueueScaler()
        .AddAzureEventGridScaler()
        .AddCloudEventsScaler()
        .AddCronScaler()
        .AddDemoScaler()
        .AddKafkaScaler()
        .AddMetricsApiScaler()
        .AddMqttScaler()
        .AddPrometheusScaler();
}
