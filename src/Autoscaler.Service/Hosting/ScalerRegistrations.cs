using Autoscaler.Scalers.Cron;
using Autoscaler.Scalers.Demo;

namespace Autoscaler.Service.Hosting;

/// <summary>Every scaler this build ships: one line each, in alphabetical order.</summary>
internal static class ScalerRegistrations
{
    public static IServiceCollection AddScalers(this IServiceCollection services) => services
        .AddCronScaler()
        .AddDemoScaler();
}
