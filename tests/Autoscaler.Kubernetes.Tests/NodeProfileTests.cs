using System.Text.Json;
using System.Text.Json.Nodes;
using Autoscaler.Runtime.Placement;
using k8s;
using k8s.Models;

namespace Autoscaler.Kubernetes.Tests;

/// <summary>
/// Node profiles as golden files: testassets/node-profiles/&lt;case&gt;/ holds template.json and profile.json in, and
/// expected-patch.json out (refresh with AUTOSCALER_UPDATE_GOLDEN=1). Each patch is then applied to a real Deployment
/// with strategic merge patch, after which the profile must need no further patch.
/// </summary>
public sealed class NodeProfileTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "testassets", "node-profiles");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static IEnumerable<string> Names() => Directory.GetDirectories(Folder).Order(StringComparer.Ordinal).Select(d => Path.GetFileName(d)!);

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names())
        {
            data.Add(name);
        }

        return data;
    }

    private static (JsonObject Template, NodeProfile Profile) Load(string name)
    {
        var dir = Path.Combine(Folder, name);
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "template.json")))!.AsObject();
        var profileSpec = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "profile.json")))!;
        var profile = profileSpec["builtIn"] is { } builtIn
            ? NodeProfile.BuiltIn[builtIn.GetValue<string>()]
            : profileSpec["custom"].Deserialize<NodeProfile>(Json)!;
        return (template, profile);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_patch_is_the_golden_one(string name)
    {
        var (template, profile) = Load(name);
        var patch = NodeProfilePatch.For(template, profile);
        var expectedPath = Path.Combine(RepoPathsOf(name), "expected-patch.json");
        if (Environment.GetEnvironmentVariable("AUTOSCALER_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(expectedPath, patch.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        }

        var expected = JsonNode.Parse(File.ReadAllText(expectedPath));
        Assert.True(JsonNode.DeepEquals(expected, patch), $"{name}: expected {expected?.ToJsonString()}, got {patch.ToJsonString()}");
    }

    [Fact]
    public async Task Applied_with_strategic_merge_patch_the_patches_put_the_pods_on_the_profile_and_keep_everything_else()
    {
        await using var cluster = await KubeCluster.StartAsync();
        foreach (var name in Names())
        {
            var (template, profile) = Load(name);
            var deployment = new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "Deployment",
                ["metadata"] = new JsonObject { ["name"] = name },
                ["spec"] = new JsonObject
                {
                    ["replicas"] = 0,
                    ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
                    ["template"] = template.DeepClone(),
                },
            };
            await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(KubernetesJson.Deserialize<V1Deployment>(deployment.ToJsonString()), cluster.Namespace);
            var patch = new JsonObject { ["spec"] = new JsonObject { ["template"] = NodeProfilePatch.For(template, profile) } };
            var patched = await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.StrategicMergePatch), name, cluster.Namespace);
            var after = JsonNode.Parse(KubernetesJson.Serialize(patched.Spec.Template))!.AsObject();

            Assert.Equal("{}", NodeProfilePatch.For(after, profile).ToJsonString());
            foreach (var toleration in template["spec"]?["tolerations"] as JsonArray ?? [])
            {
                Assert.Contains(after["spec"]!["tolerations"]!.AsArray(), t => t!["key"]!.GetValue<string>() == toleration!["key"]!.GetValue<string>());
            }

            foreach (var container in template["spec"]!["containers"]!.AsArray())
            {
                Assert.Contains(after["spec"]!["containers"]!.AsArray(), c => c!["image"]!.GetValue<string>() == container!["image"]!.GetValue<string>());
            }
        }
    }

    private static string RepoPathsOf(string name) =>
        Path.Combine(Autoscaler.Testing.RepoPaths.Root, "tests", "Autoscaler.Kubernetes.Tests", "testassets", "node-profiles", name);
}
