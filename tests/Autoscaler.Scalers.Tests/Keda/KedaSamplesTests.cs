using Autoscaler.Configuration;
using Autoscaler.Model;
using Autoscaler.Scaling;
using Autoscaler.Service.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Autoscaler.Scalers.Tests.Keda;

/// <summary>
/// KEDA's documented sample manifests for these scalers (testassets/keda) load unchanged with the real scaler catalog:
/// no error, and every documented trigger is there with KEDA's type name.
/// </summary>
public sealed class KedaSamplesTests
{
    private static readonly ManifestLoader Loader = new(new ResourceValidator(
        new ServiceCollection().AddScalers().BuildServiceProvider().GetRequiredService<IScalerCatalog>()));

    public static TheoryData<string, string> Samples => new()
    {
        { "kafka-no-auth.yaml", "kafka" },
        { "kafka-trigger-spec.yaml", "kafka" },
        { "kafka-sasl-tls-in-auth.yaml", "kafka" },
        { "kafka-sasl-tls-in-scaledobject.yaml", "kafka" },
        { "aws-sqs-iam-user.yaml", "aws-sqs-queue" },
        { "aws-sqs-pod-identity.yaml", "aws-sqs-queue" },
        { "aws-sqs-trigger-spec.yaml", "aws-sqs-queue" },
        { "cron.yaml", "cron" },
        { "prometheus.yaml", "prometheus" },
        { "metrics-api.yaml", "metrics-api" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void KedaSample_LoadsWithoutErrors(string file, string triggerType)
    {
        var result = Loader.LoadFile(Path.Combine(AppContext.BaseDirectory, "testassets", "keda", file));
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        var scaledObject = Assert.Single(result.Resources.Select(r => r.Resource).OfType<ScaledObject>());
        Assert.Equal(triggerType, Assert.Single(scaledObject.Spec.Triggers).Type);
    }

    [Fact]
    public void KedaSample_WithATypo_IsRejected_NamingTheField()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "testassets", "keda", "kafka-no-auth.yaml");
        var text = File.ReadAllText(path).Replace("lagThreshold:", "lagTreshold:", StringComparison.Ordinal);
        var result = Loader.Load("typo.yaml", text);
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ToString().Contains("lagTreshold", StringComparison.Ordinal) && e.ToString().Contains("lagThreshold", StringComparison.Ordinal));
    }
}
