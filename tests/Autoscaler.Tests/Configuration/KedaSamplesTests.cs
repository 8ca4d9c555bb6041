using Autoscaler.Model;
using Autoscaler.Testing;

namespace Autoscaler.Tests.Configuration;

/// <summary>KEDA's documented sample ScaledObjects load unchanged, with the real scaler catalog.</summary>
public sealed class KedaSamplesTests
{
    private static string Asset(string name) => Path.Combine(AppContext.BaseDirectory, "testassets", "keda-samples", name);

    [Fact]
    public void CronSample_LoadsUnchanged()
    {
        var result = LoaderFixture.Loader.LoadFile(Asset("cron.yaml"));

        Assert.Empty(result.Errors);
        var so = Assert.IsType<ScaledObject>(Assert.Single(result.Resources).Resource);
        Assert.Equal(ApiVersions.Keda, so.ApiVersion);
        Assert.Equal("10", so.Spec.Triggers[0].Metadata["desiredReplicas"]);
    }

    [Fact]
    public void AwsSqsQueueSample_LoadsUnchanged_WithItsTriggerAuthentication()
    {
        var result = LoaderFixture.Loader.LoadFile(Asset("aws-sqs-queue.yaml"));

        Assert.Empty(result.Errors);
        Assert.Equal(["TriggerAuthentication/keda-test/keda-trigger-auth-aws-credentials", "ScaledObject/keda-test/aws-sqs-queue-scaledobject"],
            result.Resources.Select(r => r.Key.ToString()));
        Assert.Contains("v1 Secret", Assert.Single(result.Skipped), StringComparison.Ordinal);
    }

    [Fact]
    public void KafkaSample_LoadsUnchanged()
    {
        var result = LoaderFixture.Loader.LoadFile(Asset("kafka.yaml"));

        Assert.Empty(result.Errors);
        var so = Assert.IsType<ScaledObject>(Assert.Single(result.Resources).Resource);
        Assert.Equal("kafka", so.Spec.Triggers[0].Type);
        Assert.Equal("5", so.Spec.Triggers[0].Metadata["lagThreshold"]);
    }
}
