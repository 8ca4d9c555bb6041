using Autoscaler.Actuation;
using Autoscaler.Runtime;
using Autoscaler.Runtime.Auth;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Autoscaler.Kubernetes;

/// <summary>Composition of Kubernetes mode.</summary>
public static class KubernetesServiceCollectionExtensions
{
    /// <summary>
    /// Switches to Kubernetes mode when a cluster is configured (<see cref="KubernetesConnection.Find"/>): the
    /// controller, the actuator on /scale and Jobs, cluster Secrets for TriggerAuthentications, status and events, and
    /// leader election. Returns false, and changes nothing, when no cluster is configured (the embedded default).
    /// Call it before <c>AddEmbeddedCluster</c>.
    /// </summary>
    public static bool AddKubernetesMode(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var config = KubernetesConnection.Find(configuration);
        if (config is null)
        {
            return false;
        }

        services.AddKubernetesMode(configuration, config);
        return true;
    }

    /// <summary>Kubernetes mode against <paramref name="config"/> (tests pass the test server's).</summary>
    public static IServiceCollection AddKubernetesMode(this IServiceCollection services, IConfiguration configuration, KubernetesClientConfiguration config, params System.Net.Http.DelegatingHandler[] handlers)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<KubernetesOptions>()
            .Bind(configuration.GetSection(KubernetesOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.RenewDeadline < o.LeaseDuration, "Autoscaler:Kubernetes:RenewDeadline must be less than LeaseDuration")
            .ValidateOnStart();
        var explicitConfigPath = !string.IsNullOrWhiteSpace(configuration["Autoscaler:ConfigPath"]);
        services.PostConfigure<AutoscalerOptions>(o => o.ReadConfigFolder = explicitConfigPath);

        services.TryAddSingleton<IKubernetes>(_ => new k8s.Kubernetes(config, handlers));
        var election = configuration.GetValue(KubernetesOptions.Section + ":LeaderElection", true);
        if (election)
        {
            services.TryAddSingleton<LeaseLeadership>();
            services.TryAddSingleton<ILeadership>(sp => sp.GetRequiredService<LeaseLeadership>());
            services.AddHostedService(sp => sp.GetRequiredService<LeaseLeadership>());
        }
        else
        {
            services.TryAddSingleton<ILeadership, AlwaysLeader>();
        }

        services.TryAddSingleton<KubernetesScaleClient>();
        services.TryAddSingleton<KubernetesJobClient>();
        services.Replace(ServiceDescriptor.Singleton<IScaleClient>(sp => sp.GetRequiredService<KubernetesScaleClient>()));
        services.Replace(ServiceDescriptor.Singleton<IJobClient>(sp => sp.GetRequiredService<KubernetesJobClient>()));
        services.TryAddSingleton<KubernetesWorkloadPlacement>();
        services.Replace(ServiceDescriptor.Singleton<IWorkloadPlacement>(sp => sp.GetRequiredService<KubernetesWorkloadPlacement>()));
        services.Replace(ServiceDescriptor.Singleton<ITriggerAuthResolver, KubernetesTriggerAuthResolver>());
        services.TryAddSingleton<KubernetesStatusWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<KubernetesStatusWriter>());
        services.TryAddSingleton<KubernetesResourceSource>();
        services.AddHostedService(sp => sp.GetRequiredService<KubernetesResourceSource>());
        return services;
    }
}
