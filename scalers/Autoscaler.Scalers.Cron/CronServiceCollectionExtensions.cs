using Autoscaler.Scaling;
using Microsoft.Extensions.DependencyInjection;

namespace Autoscaler.Scalers.Cron;

/// <summary>Registers the cron scaler.</summary>
public static class CronServiceCollectionExtensions
{
    /// <summary>Adds the <c>cron</c> trigger type.</summary>
    public static IServiceCollection AddCronScaler(this IServiceCollection services) => services.AddScaler<CronScalerFactory>();
}
