using k8s;
using Microsoft.Extensions.Configuration;

namespace Autoscaler.Kubernetes;

/// <summary>
/// Decides the mode: the <c>Autoscaler:Kubeconfig</c> option, else the <c>KUBECONFIG</c> environment variable, else the
/// in-cluster service account → Kubernetes mode; none of them → the embedded default.
/// </summary>
public static class KubernetesConnection
{
    /// <summary>The option naming a kubeconfig file.</summary>
    public const string KubeconfigKey = "Autoscaler:Kubeconfig";

    /// <summary>Finds the cluster configuration, or null when there is none (embedded mode).</summary>
    public static KubernetesClientConfiguration? Find(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var path = configuration[KubeconfigKey];
        if (string.IsNullOrWhiteSpace(path))
        {
            path = Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator).FirstOrDefault(p => p.Length > 0);
        }

        if (!string.IsNullOrWhiteSpace(path))
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"the kubeconfig '{path}' (from {KubeconfigKey} or KUBECONFIG) does not exist");
            }

            return KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        }

        return KubernetesClientConfiguration.IsInCluster() ? KubernetesClientConfiguration.InClusterConfig() : null;
    }
}
