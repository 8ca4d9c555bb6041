using Autoscaler.Configuration;
using Autoscaler.Scaling;
using Autoscaler.Service.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Autoscaler.Tests.Configuration;

/// <summary>A loader with every scaler this build ships (the same catalog as the service and the CLI).</summary>
internal static class LoaderFixture
{
    public static ManifestLoader Loader { get; } = Create(new ServiceCollection().AddScalers());

    public static ManifestLoader Create(IServiceCollection services) =>
        new(new ResourceValidator(services.BuildServiceProvider().GetRequiredService<IScalerCatalog>()));

    public static ManifestLoadResult Load(string yaml) => Loader.Load("test.yaml", yaml);
}
