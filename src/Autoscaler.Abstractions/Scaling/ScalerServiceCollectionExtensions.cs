using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Autoscaler.Scaling;

/// <summary>Registers scaler factories.</summary>
public static class ScalerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TFactory"/> as a scaler factory (once, however often it is called) and the
    /// <see cref="IScalerCatalog"/> that finds factories by trigger type.
    /// </summary>
    public static IServiceCollection AddScaler<TFactory>(this IServiceCollection services)
        where TFactory : class, IScalerFactory
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScalerFactory, TFactory>());
        services.TryAddSingleton<IScalerCatalog, ScalerCatalog>();
        return services;
    }
}
