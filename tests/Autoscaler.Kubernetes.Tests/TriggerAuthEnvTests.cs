using System.Text.Json.Nodes;
using Autoscaler.Model;
using Autoscaler.Runtime.Auth;
using Autoscaler.Runtime.Resources;
using Autoscaler.Scaling;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace Autoscaler.Kubernetes.Tests;

/// <summary>TriggerAuthentication <c>env</c> in Kubernetes mode: variables of the scale target's container, read from the API server.</summary>
public sealed class TriggerAuthEnvTests
{
    private static async Task<KubeCluster> ClusterWithTargetAsync()
    {
        var cluster = await KubeCluster.StartAsync();
        await cluster.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "db" },
            Data = new Dictionary<string, byte[]> { ["password"] = "s3cret"u8.ToArray(), ["token"] = "t0ken"u8.ToArray() },
        }, cluster.Namespace);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "settings" },
            Data = new Dictionary<string, string> { ["host"] = "db.internal", ["region"] = "eu-west-1" },
        }, cluster.Namespace);
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1DeploymentSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new V1PodSpec
                    {
                        Containers =
                        [
                            new V1Container { Name = "proxy", Image = "registry.k8s.io/pause:3.9", Env = [new V1EnvVar { Name = "MODE", Value = "proxy" }] },
                            new V1Container
                            {
                                Name = "app",
                                Image = "registry.k8s.io/pause:3.9",
                                Env =
                                [
                                    new V1EnvVar { Name = "MODE", Value = "fast" },
                                    new V1EnvVar { Name = "HOST", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "settings", Key = "host" } } },
                                    new V1EnvVar { Name = "PASSWORD", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "db", Key = "password" } } },
                                    new V1EnvVar { Name = "POD", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
                                ],
                                EnvFrom =
                                [
                                    new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "settings" }, Prefix = "CFG_" },
                                    new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "db" } },
                                ],
                            },
                        ],
                    },
                },
            },
        }, cluster.Namespace);
        return cluster;
    }

    private static (KubernetesTriggerAuthResolver Resolver, ResourceStore Store) Resolver(KubeCluster cluster, IKubernetes client, params EnvTargetRef[] env)
    {
        var store = new ResourceStore();
        store.Upsert("test", new TriggerAuthentication
        {
            Metadata = new ObjectMeta { Name = "from-env", Namespace = cluster.Namespace },
            Spec = new TriggerAuthenticationSpec { Env = [.. env] },
        }, "test");
        return (new KubernetesTriggerAuthResolver(client, store, Options.Create(new KubernetesOptions { OperatorNamespace = cluster.Namespace })), store);
    }

    private static ScaledObject Owner(KubeCluster cluster, string? envSourceContainer = null) => new()
    {
        Metadata = new ObjectMeta { Name = "web-scaler", Namespace = cluster.Namespace },
        Spec = new ScaledObjectSpec { ScaleTargetRef = new ScaleTargetRef { Name = "web", EnvSourceContainerName = envSourceContainer } },
    };

    private static ScaleTrigger Trigger() => new() { Type = "demo", AuthenticationRef = new AuthenticationRef { Name = "from-env" } };

    [Fact]
    public async Task Env_reads_value_secretKeyRef_configMapKeyRef_and_envFrom_of_the_targets_container()
    {
        await using var cluster = await ClusterWithTargetAsync();
        using var client = cluster.NewClient();
        var (resolver, _) = Resolver(cluster, client,
            new EnvTargetRef { Parameter = "mode", Name = "MODE", ContainerName = "app" },
            new EnvTargetRef { Parameter = "host", Name = "HOST", ContainerName = "app" },
            new EnvTargetRef { Parameter = "password", Name = "PASSWORD", ContainerName = "app" },
            new EnvTargetRef { Parameter = "region", Name = "CFG_region", ContainerName = "app" },
            new EnvTargetRef { Parameter = "token", Name = "token", ContainerName = "app" },
            new EnvTargetRef { Parameter = "firstMode", Name = "MODE" });

        var resolved = await resolver.ResolveAsync(Trigger(), Owner(cluster), default);

        Assert.Equal(
            new Dictionary<string, string> { ["mode"] = "fast", ["host"] = "db.internal", ["password"] = "s3cret", ["region"] = "eu-west-1", ["token"] = "t0ken", ["firstMode"] = "proxy" },
            resolved.Parameters);

        // Without containerName, scaleTargetRef.envSourceContainerName picks the container (else the first).
        var (byDefault, _) = Resolver(cluster, client, new EnvTargetRef { Parameter = "mode", Name = "MODE" });
        Assert.Equal("fast", (await byDefault.ResolveAsync(Trigger(), Owner(cluster, envSourceContainer: "app"), default)).Parameters["mode"]);
    }

    public static TheoryData<string, string?, string> Errors() => new()
    {
        { "POD", "app", "comes from valueFrom.fieldRef, which cannot be resolved outside the pod" },
        { "MISSING", "app", "env 'MISSING' of container 'app' in Deployment" },
        { "MODE", "ap", "has no container 'ap' (did you mean 'app'?)" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Env_that_cannot_be_resolved_is_a_clear_error(string name, string? container, string message)
    {
        await using var cluster = await ClusterWithTargetAsync();
        using var client = cluster.NewClient();
        var (resolver, _) = Resolver(cluster, client, new EnvTargetRef { Parameter = "p", Name = name, ContainerName = container });

        var error = await Assert.ThrowsAsync<ScalerConfigurationException>(async () => await resolver.ResolveAsync(Trigger(), Owner(cluster), default));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Env_of_a_ScaledJob_comes_from_its_jobTargetRef_and_a_missing_target_is_reported()
    {
        await using var cluster = await ClusterWithTargetAsync();
        using var client = cluster.NewClient();
        var (resolver, _) = Resolver(cluster, client, new EnvTargetRef { Parameter = "password", Name = "PASSWORD" });
        var job = new ScaledJob
        {
            Metadata = new ObjectMeta { Name = "worker", Namespace = cluster.Namespace },
            Spec = new ScaledJobSpec
            {
                JobTargetRef = JsonNode.Parse("""{"template":{"spec":{"containers":[{"name":"w","image":"x","env":[{"name":"PASSWORD","valueFrom":{"secretKeyRef":{"name":"db","key":"password"}}}]}]}}}""")!.AsObject(),
            },
        };
        Assert.Equal("s3cret", (await resolver.ResolveAsync(Trigger(), job, default)).Parameters["password"]);

        var orphan = Owner(cluster);
        orphan.Spec.ScaleTargetRef.Name = "gone";
        var error = await Assert.ThrowsAsync<ScalerConfigurationException>(async () => await resolver.ResolveAsync(Trigger(), orphan, default));
        Assert.Contains($"the scale target Deployment {cluster.Namespace}/gone cannot be read", error.Message, StringComparison.Ordinal);
    }
}
