using Autoscaler.Service.Cli;
using Autoscaler.Testing;

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
}
