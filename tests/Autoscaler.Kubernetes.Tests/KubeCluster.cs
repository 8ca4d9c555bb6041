using System.Net;
using System.Text.Json.Nodes;
using Autoscaler.Kubernetes;
using Autoscaler.KubeApiServer;
using Autoscaler.Testing;
using k8s;
using k8s.Models;

namespace Autoscaler.Kubernetes.Tests;

/// <summary>
/// Where the integration tests run: the in-process test API server, or a real cluster when
/// <c>AUTOSCALER_TEST_KUBECONFIG</c> names a kubeconfig. Either way a fresh namespace per fixture, the CRDs from
/// manifests/crds applied, and everything deleted afterwards (on a real cluster the CRDs are deleted only when this
/// run created them).
/// </summary>
public sealed class KubeCluster : IAsyncDisposable
{
    private readonly List<string> _createdCrds = [];
    private readonly string _folder;

    private KubeCluster(KubeApiTestServer? server, string kubeconfig, string ns, string folder)
    {
        Server = server;
        KubeconfigPath = kubeconfig;
        Namespace = ns;
        _folder = folder;
        Client = NewClient();
    }

    /// <summary>The test API server, or null on a real cluster.</summary>
    public KubeApiTestServer? Server { get; }

    /// <summary>The kubeconfig the service under test is given.</summary>
    public string KubeconfigPath { get; }

    /// <summary>This fixture's fresh namespace.</summary>
    public string Namespace { get; }

    /// <summary>A client for test set-up and checks.</summary>
    public IKubernetes Client { get; }

    /// <summary>Starts (or connects), creates the namespace and applies the CRDs.</summary>
    public static async Task<KubeCluster> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("autoscaler-kube-").FullName;
        var ns = "autoscaler-test-" + Guid.NewGuid().ToString("N")[..8];
        KubeApiTestServer? server = null;
        var kubeconfig = Environment.GetEnvironmentVariable("AUTOSCALER_TEST_KUBECONFIG");
        if (string.IsNullOrEmpty(kubeconfig))
        {
            server = await KubeApiTestServer.StartAsync();
            kubeconfig = server.WriteKubeconfig(folder, ns);
        }

        var cluster = new KubeCluster(server, kubeconfig, ns, folder);
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await cluster.ApplyCrdsAsync();
        return cluster;
    }

    /// <summary>A new client (optionally with handlers that see every request).</summary>
    public IKubernetes NewClient(params DelegatingHandler[] handlers) =>
        new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath), handlers);

    /// <summary>Arguments that put the service under test in Kubernetes mode against this cluster and namespace.</summary>
    public string[] ServiceArgs(params string[] more) =>
    [
        "--Autoscaler:Kubeconfig", KubeconfigPath,
        "--Autoscaler:Kubernetes:WatchNamespace", Namespace,
        "--Autoscaler:Kubernetes:OperatorNamespace", Namespace,
        "--Autoscaler:Kubernetes:RetryPeriod", "00:00:00.200",
        "--Autoscaler:Kubernetes:LeaseDuration", "00:00:03",
        "--Autoscaler:Kubernetes:RenewDeadline", "00:00:02",
        .. more,
    ];

    private async Task ApplyCrdsAsync()
    {
        foreach (var (_, crd) in CrdGenerator.Generate())
        {
            var name = crd["metadata"]!["name"]!.GetValue<string>();
            try
            {
                await Client.CustomObjects.CreateClusterCustomObjectAsync(crd, "apiextensions.k8s.io", "v1", "customresourcedefinitions");
                _createdCrds.Add(name);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Already installed on this cluster.
            }

            await Eventually.WaitAsync(async () =>
            {
                var current = JsonNode.Parse(KubernetesJson.Serialize(await Client.CustomObjects.GetClusterCustomObjectAsync("apiextensions.k8s.io", "v1", "customresourcedefinitions", name)))!;
                return (current["status"]?["conditions"] as JsonArray ?? []).Any(c => c?["type"]?.GetValue<string>() == "Established" && c["status"]?.GetValue<string>() == "True");
            }, $"CRD {name} Established");
        }
    }

    /// <summary>Creates a Deployment of one container with <paramref name="replicas"/> replicas.</summary>
    public Task<V1Deployment> CreateDeploymentAsync(string name, int replicas) =>
        Client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = name } },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "registry.k8s.io/pause:3.9" }] },
                },
            },
        }, Namespace);

    /// <summary>The Deployment's spec.replicas as the /scale subresource reports it (absent = 0).</summary>
    public async Task<int> ScaleReplicasAsync(string deployment)
    {
        var scale = await Client.AppsV1.ReadNamespacedDeploymentScaleAsync(deployment, Namespace);
        return scale.Spec?.Replicas ?? 0;
    }

    /// <summary>Creates an autoscaler.dev/v1alpha1 object in this namespace.</summary>
    public async Task<JsonObject> CreateAsync(string plural, JsonObject body)
    {
        var created = await Client.CustomObjects.CreateNamespacedCustomObjectAsync(body, "autoscaler.dev", "v1alpha1", Namespace, plural);
        return JsonNode.Parse(KubernetesJson.Serialize(created))!.AsObject();
    }

    /// <summary>Reads an autoscaler.dev/v1alpha1 object, or null when it does not exist.</summary>
    public async Task<JsonObject?> GetAsync(string plural, string name)
    {
        try
        {
            var value = await Client.CustomObjects.GetNamespacedCustomObjectAsync("autoscaler.dev", "v1alpha1", Namespace, plural, name);
            return JsonNode.Parse(KubernetesJson.Serialize(value))!.AsObject();
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Client.CoreV1.DeleteNamespaceAsync(Namespace);
            foreach (var crd in _createdCrds)
            {
                if (Server is null)
                {
                    await Client.CustomObjects.DeleteClusterCustomObjectAsync("apiextensions.k8s.io", "v1", "customresourcedefinitions", crd);
                }
            }
        }
        finally
        {
            Client.Dispose();
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }

            Directory.Delete(_folder, recursive: true);
        }
    }
}
