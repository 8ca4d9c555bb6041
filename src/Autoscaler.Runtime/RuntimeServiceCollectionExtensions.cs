using Autoscaler.Actuation;
using Autoscaler.Configuration;
using Autoscaler.Engine;
using Autoscaler.Runtime.Auth;
using Autoscaler.Runtime.Control;
using Autoscaler.Runtime.Embedded;
using Autoscaler.Runtime.Metrics;
using Autoscaler.Runtime.Placement;
using Autoscaler.Runtime.Prediction;
using Autoscaler.Runtime.Resources;
using Autoscaler.Runtime.Status;
using Autoscaler.Scaling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Autoscaler.Runtime;

/// <summary>Composition of the runtime: the loop, the store, the file source and the embedded cluster.</summary>
public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the node profile catalog (the built-ins plus <see cref="NodeProfileOptions"/>, which the caller binds)
    /// and the validation of the custom ones. Part of <see cref="AddAutoscalerRuntime"/>; <c>autoscaler validate</c>
    /// uses it alone.
    /// </summary>
    public static IServiceCollection AddNodeProfiles(this IServiceCollection services)
    {
        services.TryAddSingleton<NodeProfileCatalog>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NodeProfileOptions>, NodeProfileOptionsValidator>());
        return services;
    }

    /// <summary>
    /// Registers the control loop, the resource store, status, metrics, the validator and loader, and the config-folder
    /// source. Options (<see cref="AutoscalerOptions"/>, <see cref="SimulatedClusterOptions"/>) are bound by the host.
    /// </summary>
    public static IServiceCollection AddAutoscalerRuntime(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IScalerCatalog, ScalerCatalog>();
        services.AddNodeProfiles();
        services.TryAddSingleton(sp => new ResourceValidator(sp.GetRequiredService<IScalerCatalog>(), sp.GetRequiredService<NodeProfileCatalog>().Names));
        services.TryAddSingleton<ManifestLoader>();
        services.TryAddSingleton<ResourceStore>();
        services.TryAddSingleton<StatusStore>();
        services.TryAddSingleton<ConfigStatus>();
        services.TryAddSingleton<AutoscalerMetrics>();
        services.TryAddSingleton<ScaleEngine>();
        services.TryAddSingleton<PredictorStore>();
        services.TryAddSingleton<JobScaleEngine>();
        services.TryAddSingleton<ITriggerAuthResolver, EmbeddedTriggerAuthResolver>();
        services.TryAddSingleton(sp => new WorkerServices(
            sp.GetRequiredService<IScalerCatalog>(),
            sp.GetRequiredService<ITriggerAuthResolver>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<IScaleClient>(),
            sp.GetRequiredService<IJobClient>(),
            sp.GetRequiredService<StatusStore>(),
            sp.GetRequiredService<AutoscalerMetrics>(),
            sp.GetRequiredService<IOptions<AutoscalerOptions>>(),
            sp.GetRequiredService<ScaleEngine>(),
            sp.GetRequiredService<JobScaleEngine>())
        {
            Predictors = sp.GetRequiredService<PredictorStore>(),
            NodeProfiles = sp.GetRequiredService<NodeProfileCatalog>(),
            Placement = sp.GetService<IWorkloadPlacement>() is { } placement ? new PlacementActuator(sp.GetRequiredService<IScaleClient>(), placement) : null,
        });
        services.TryAddSingleton(sp => new ScaleLoopHost(sp.GetRequiredService<ResourceStore>(), sp.GetRequiredService<WorkerServices>()));
        services.TryAddSingleton<FileResourceSource>();
        services.AddHostedService(sp => sp.GetRequiredService<FileResourceSource>());
        services.AddHostedService(sp => sp.GetRequiredService<ScaleLoopHost>());
        return services;
    }

    /// <summary>Uses the embedded simulated cluster as the actuator (the default when no cluster is configured).</summary>
    public static IServiceCollection AddEmbeddedCluster(this IServiceCollection services)
    {
        services.TryAddSingleton<SimulatedCluster>();
        services.TryAddSingleton<IScaleClient>(sp => sp.GetRequiredService<SimulatedCluster>());
        services.TryAddSingleton<IJobClient>(sp => sp.GetRequiredService<SimulatedCluster>());
        services.TryAddSingleton<IWorkloadPlacement>(sp => sp.GetRequiredService<SimulatedCluster>());
        return services;
    }
}
