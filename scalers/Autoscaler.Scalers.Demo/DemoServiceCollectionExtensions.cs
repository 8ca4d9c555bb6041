using Autoscaler.Scaling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Autoscaler.Scalers.Demo;

/// <summary>Registers the demo scaler.</summary>
public static class DemoServiceCollectionExtensions
{
    /// <summary>Adds the <c>demo</c> trigger type and the <see cref="DemoSignals"/> its manual mode reads.</summary>
    public static IServiceCollection AddDemoScaler(this IServiceCollection services)
    {
        services.TryAddSingleton<DemoSignals>();
        return services.AddScaler<DemoScalerFactory>();
    }
}
