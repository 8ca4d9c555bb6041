using Autoscaler.Service.Cli;
using Autoscaler.Testing;
using Microsoft.Extensions.Configuration;

namespace Autoscaler.Tests.Cli;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task ShippedSamples_AreAllValid_ExitZero()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await AutoscalerCli.InvokeAsync(["validate", RepoPaths.InRoot("manifests", "samples")], output, error);

        Assert.True(exit == 0, error.ToString());
        Assert.Equal("", error.ToString());
        Assert.Contains("ok   ScaledObject/demo/orders-worker", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("ok   ScaledJob/demo/thumbnailer", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidFile_PrintsEveryErrorWithFileLineAndField_ExitOne()
    {
        var folder = Directory.CreateTempSubdirectory("validate-").FullName;
        try
        {
            var file = Path.Combine(folder, "bad.yaml");
            await File.WriteAllTextAsync(file, """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata:
                  name: bad
                spec:
                  scaleTargetRef:
                    name: x
                  maxReplicaCount: -4
                  triggers:
                    - type: cron
                      metadata:
                        timezone: UTC
                        start: 0 8 * * *
                        end: 0 8 * * *
                        desiredReplicas: "2"
                """);
            var output = new StringWriter();
            var error = new StringWriter();

            var exit = await AutoscalerCli.InvokeAsync(["validate", folder], output, error);

            Assert.Equal(1, exit);
            var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.StartsWith($"{file}:8:3: spec.maxReplicaCount: must be at least 0", lines[0], StringComparison.Ordinal);
            Assert.StartsWith($"{file}:14:9: spec.triggers[0].metadata.end: must differ from start", lines[1], StringComparison.Ordinal);
            Assert.Contains("0 valid, 1 invalid, 2 error(s)", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task MissingPath_IsAnError()
    {
        var error = new StringWriter();

        var exit = await AutoscalerCli.InvokeAsync(["validate", "/no/such/folder"], new StringWriter(), error);

        Assert.Equal(1, exit);
        Assert.Contains("/no/such/folder: no such file or folder", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spot", 0, "1 valid, 0 invalid, 0 error(s)")]
    [InlineData("spotty", 1, "spec.placement.burstProfile: unknown node profile 'spotty' (did you mean 'spot'?); known: aks-virtual-node, eks-fargate, gke-autopilot, spot")]
    [InlineData("eks-fargate", 0, "1 valid, 0 invalid, 0 error(s)")]
    public void Custom_node_profiles_from_the_service_configuration_are_known_to_validate(string burstProfile, int expectedExit, string expected)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("validate-").FullName, "burst.yaml");
        File.WriteAllText(file, $"""
            apiVersion: autoscaler.dev/v1alpha1
            kind: ScaledObject
            metadata:
              name: checkout
            spec:
              scaleTargetRef:
                name: checkout
              placement:
                baseReplicas: 2
                burstProfile: {burstProfile}
              triggers:
                - type: demo
                  metadata:
                    source: checkout
            """);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Autoscaler:Placement:Profiles:spot:nodeSelector:pool"] = "spot",
        }).Build();
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = AutoscalerCli.Validate([file], output, error, configuration);

        Assert.True(expectedExit == exit, output.ToString() + error.ToString());
        Assert.Contains(expected, output.ToString() + error.ToString(), StringComparison.Ordinal);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    [Fact]
    public void A_bad_custom_profile_in_the_configuration_fails_validate_with_the_setting_and_the_reason()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Autoscaler:Placement:Profiles:spot:tolerations:0:key"] = "spot",
            ["Autoscaler:Placement:Profiles:spot:tolerations:0:operator"] = "Equals",
        }).Build();
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = AutoscalerCli.Validate([RepoPaths.InRoot("manifests", "samples")], output, error, configuration);

        Assert.Equal(1, exit);
        Assert.Contains("configuration: Autoscaler:Placement:Profiles:spot:tolerations:0:operator: must be one of Exists, Equal, got 'Equals'", error.ToString(), StringComparison.Ordinal);
    }
}
