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
}
