using System.Net.Http.Json;
using System.Text.Json;
using Autoscaler.Configuration;
using Autoscaler.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Autoscaler.Kubernetes.Tests;

/// <summary>
/// spec.placement validation (the service's validator, which knows the configured profiles), start-up validation of
/// custom profiles, and the hybrid split in the embedded simulated cluster.
/// </summary>
public sealed class PlacementValidationTests
{
    private static readonly string[] SpotProfile = ["--Autoscaler:Placement:Profiles:spot:nodeSelector:pool", "spot"];

    public static TheoryData<string, string?> Cases() => new()
    {
        { "placement: {baseReplicas: 2, burstProfile: spot}", null },
        { "placement: {profile: gke-autopilot}", null },
        { "placement: {}", "spec.placement: must set profile, or baseReplicas with burstProfile" },
        { "placement: {burstProfile: spot}", "spec.placement.baseReplicas: is required with burstProfile" },
        { "placement: {baseReplicas: 2}", "spec.placement.burstProfile: is required with baseReplicas" },
        { "placement: {baseReplicas: -1, burstProfile: spot}", "spec.placement.baseReplicas: must be at least 0, got -1" },
        { "placement: {baseReplicas: 1, burstProfile: eks-fargat}", "spec.placement.burstProfile: unknown node profile 'eks-fargat' (did you mean 'eks-fargate'?); known: aks-virtual-node, eks-fargate, gke-autopilot, spot" },
        { "placement: {profile: spott}", "spec.placement.profile: unknown node profile 'spott' (did you mean 'spot'?)" },
        { "placement: {profile: spot}\n  scaleTargetRef: {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web}", "spec.placement: needs an apps/v1 Deployment or StatefulSet target" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Placement_of_a_ScaledObject_is_validated_against_the_configured_profiles(string placement, string? error)
    {
        await using var service = await TestService.StartAsync(new Dictionary<string, string>(), extraArgs: SpotProfile);
        var loader = service.Services.GetRequiredService<ManifestLoader>();
        var target = placement.Contains("scaleTargetRef", StringComparison.Ordinal) ? "" : "scaleTargetRef: {name: web}\n  ";
        var yaml = $$"""
            apiVersion: autoscaler.dev/v1alpha1
            kind: ScaledObject
            metadata: {name: web}
            spec:
              {{target}}{{placement}}
              triggers:
                - type: cron
                  metadata: {timezone: UTC, start: "0 8 * * *", end: "0 18 * * *", desiredReplicas: "2"}
            """;
        var folder = Directory.CreateTempSubdirectory("placement-").FullName;
        try
        {
            var file = Path.Combine(folder, "so.yaml");
            await File.WriteAllTextAsync(file, yaml);
            var errors = loader.LoadPaths([file]).Errors.Select(e => e.ToString()).ToList();
            if (error is null)
            {
                Assert.Empty(errors);
            }
            else
            {
                Assert.Contains(errors, e => e.Contains(error, StringComparison.Ordinal));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_ScaledJob_takes_a_profile_but_no_burst()
    {
        await using var service = await TestService.StartAsync(new Dictionary<string, string>(), extraArgs: SpotProfile);
        var validator = service.Services.GetRequiredService<ResourceValidator>();
        var job = new Autoscaler.Model.ScaledJob
        {
            Metadata = new() { Name = "worker" },
            Spec = new()
            {
                JobTargetRef = System.Text.Json.Nodes.JsonNode.Parse("""{"template":{"spec":{"containers":[{"name":"w","image":"x"}]}}}""")!.AsObject(),
                Placement = new() { Profile = "spot", BaseReplicas = 1, BurstProfile = "spot" },
                Triggers = [new() { Type = "cron", Metadata = new() { ["timezone"] = "UTC", ["start"] = "0 8 * * *", ["end"] = "0 18 * * *", ["desiredReplicas"] = "1" } }],
            },
        };
        var errors = validator.Validate(job).Select(e => e.ToString()).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Contains("is for ScaledObjects only", e, StringComparison.Ordinal));
    }

    public static TheoryData<string[], string> BadProfiles() => new()
    {
        { ["--Autoscaler:Placement:Profiles:Spot_Pool:nodeSelector:pool", "spot"], "Autoscaler:Placement:Profiles:Spot_Pool: the name must be lower-case letters" },
        { ["--Autoscaler:Placement:Profiles:eks-fargate:labels:a", "b"], "'eks-fargate' is a built-in profile" },
        { ["--Autoscaler:Placement:Profiles:spot:tolerations:0:key", "spot", "--Autoscaler:Placement:Profiles:spot:tolerations:0:efect", "NoSchedule"], "unknown field 'efect' (did you mean 'effect'?)" },
        { ["--Autoscaler:Placement:Profiles:spot:tolerations:0:key", "spot", "--Autoscaler:Placement:Profiles:spot:tolerations:0:operator", "Equals"], "operator: must be one of Exists, Equal, got 'Equals'" },
        { ["--Autoscaler:Placement:Profiles:spot:resources:request:cpu", "1"], "resources:request: unknown section (did you mean 'requests'?)" },
    };

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public async Task A_bad_custom_profile_stops_the_service_at_start_with_the_setting_and_the_reason(string[] args, string message)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => TestService.StartAsync(new Dictionary<string, string>(), extraArgs: args));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_embedded_cluster_splits_base_and_burst_and_shows_the_profile_of_each_workload()
    {
        var sample = await File.ReadAllTextAsync(RepoPaths.InRoot("manifests", "samples", "demo-burst.yaml"));
        await using var service = await TestService.StartAsync(new Dictionary<string, string> { ["demo-burst.yaml"] = sample.Replace("pollingInterval: 10", "pollingInterval: 1", StringComparison.Ordinal) });
        (await service.Client.PutAsJsonAsync("/api/demo/sources/checkout", new { value = 60 })).EnsureSuccessStatusCode();

        var workloads = await Eventually.ValueAsync(
            async () => (await service.GetJsonAsync("/api/cluster/workloads")).EnumerateArray().Where(w => w.GetProperty("namespace").GetString() == "demo").ToList(),
            w => w.Any(x => x.GetProperty("name").GetString() == "checkout-burst" && x.GetProperty("desiredReplicas").GetInt32() == 4),
            "checkout-burst at 4");
        var checkout = workloads.Single(w => w.GetProperty("name").GetString() == "checkout");
        var burst = workloads.Single(w => w.GetProperty("name").GetString() == "checkout-burst");
        Assert.Equal(2, checkout.GetProperty("desiredReplicas").GetInt32());
        Assert.False(checkout.TryGetProperty("profile", out var none) && none.ValueKind == JsonValueKind.String);
        Assert.Equal(("eks-fargate", "checkout"), (burst.GetProperty("profile").GetString(), burst.GetProperty("burstOf").GetString()));

        var placement = (await service.GetJsonAsync("/api/scaledobjects/demo/checkout")).GetProperty("placement");
        Assert.Equal((2, 4), (placement.GetProperty("baseReplicas").GetInt32(), placement.GetProperty("burstReplicas").GetInt32()));

        // Removing the ScaledObject deletes its burst Deployment; the target stays.
        await File.WriteAllTextAsync(Path.Combine(service.ConfigPath, "demo-burst.yaml"), "");
        await Eventually.WaitAsync(
            async () => (await service.GetJsonAsync("/api/cluster/workloads")).EnumerateArray().All(w => w.GetProperty("name").GetString() != "checkout-burst"),
            "checkout-burst deleted with the ScaledObject");
    }
}
