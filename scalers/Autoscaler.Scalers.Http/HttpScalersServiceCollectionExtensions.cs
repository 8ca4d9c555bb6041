using Autoscaler.Scalers.Http.MetricsApi;
using Autoscaler.Scalers.Http.Prometheus;
using Autoscaler.Scaling;
using Microsoft.Extensions.DependencyInjection;

namespace Autoscaler.Scalers.Http;

/// <summary>Registers the HTTP-read scalers.</summary>
public static class HttpScalersServiceCollectionExtensions
{
    /// <summary>Adds the <c>prometheus</c> trigger type.</summary>
    public static IServiceCollection AddPrometheusScaler(this IServiceCollection services) => services.AddScaler<PrometheusScalerFactory>();

    /// <summary>Adds the <c>metrics-api</c> trigger type.</summary>
    public static IServiceCollection AddMetricsApiScaler(this IServiceCollection services) => services.AddScaler<MetricsApiScalerFactory>();
}
