using System.Diagnostics;
using Autoscaler.Testing;
using YamlDotNet.RepresentationModel;

namespace Autoscaler.Kubernetes.Tests;

/// <summary>Every kustomize overlay in manifests/ renders with <c>kubectl kustomize</c>, and holds what it must.</summary>
public sealed class ManifestTests
{
    public static TheoryData<string> Overlays => new() { "base", "overlays/eks-fargate", "overlays/aks-virtual-node", "overlays/gke-autopilot" };

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_overlay_renders_with_the_CRDs_least_privilege_RBAC_and_a_hardened_two_replica_Deployment(string overlay)
    {
        var documents = await RenderAsync(overlay);
        var kinds = documents.Select(d => Scalar(d, "kind")).ToList();
        Assert.Equal(4, kinds.Count(k => k == "CustomResourceDefinition"));
        Assert.Contains("ServiceMonitor", kinds);
        Assert.Contains("Service", kinds);
        Assert.Contains("Namespace", kinds);

        var deployment = documents.Single(d => Scalar(d, "kind") == "Deployment");
        Assert.Equal("autoscaler", Scalar(deployment, "metadata", "namespace"));
        Assert.Equal("2", Scalar(deployment, "spec", "replicas"));
        Assert.Equal("true", Scalar(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"));
        var container = (YamlMappingNode)((YamlSequenceNode)Node(deployment, "spec", "template", "spec", "containers")!).Children[0];
        Assert.Equal("true", Scalar(container, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("/healthz", Scalar(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("/readyz", Scalar(container, "readinessProbe", "httpGet", "path"));
        Assert.NotNull(Scalar(container, "resources", "requests", "memory"));

        // Least privilege: no wildcards, Secrets only by name (get), scale subresources only get/patch.
        foreach (var role in documents.Where(d => Scalar(d, "kind") is "ClusterRole" or "Role"))
        {
            foreach (YamlMappingNode rule in ((YamlSequenceNode)Node(role, "rules")!).Children)
            {
                var resources = ((YamlSequenceNode)Node(rule, "resources")!).Children.Select(c => c.ToString()).ToList();
                var verbs = ((YamlSequenceNode)Node(rule, "verbs")!).Children.Select(c => c.ToString()).ToList();
                Assert.DoesNotContain("*", resources);
                Assert.DoesNotContain("*", verbs);
                if (resources.Contains("secrets"))
                {
                    Assert.Equal(["get"], verbs);
                }

                if (resources.Any(r => r.EndsWith("/scale", StringComparison.Ordinal)))
                {
                    Assert.Equal(["get", "patch"], verbs);
                }
            }
        }

        switch (overlay)
        {
            case "overlays/gke-autopilot":
                Assert.Equal("general-purpose", Scalar(deployment, "spec", "template", "spec", "nodeSelector", "cloud.google.com/compute-class"));
                break;
            case "overlays/eks-fargate":
                Assert.Equal("fargate", Scalar(deployment, "spec", "template", "metadata", "labels", "autoscaler.dev/compute"));
                break;
            case "overlays/aks-virtual-node":
                Assert.Equal("true", Scalar(deployment, "spec", "template", "metadata", "labels", "azure.workload.identity/use"));
                break;
        }
    }

    private static async Task<List<YamlMappingNode>> RenderAsync(string overlay)
    {
        var kubectl = RequiredTool.Find("kubectl", "/usr/bin/kubectl");
        var start = new ProcessStartInfo(kubectl, ["kustomize", RepoPaths.InRoot("manifests", overlay)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(process.ExitCode == 0, $"kubectl kustomize {overlay} failed: {await error}");
        var stream = new YamlStream();
        stream.Load(new StringReader(await output));
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static YamlNode? Node(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    private static string? Scalar(YamlNode node, params string[] path) => (Node(node, path) as YamlScalarNode)?.Value;
}
