using Autoscaler.Configuration;
using Autoscaler.Model;
using Autoscaler.Scalers.Cron;
using Autoscaler.Scaling;

namespace Autoscaler.Prediction.Tests;

public sealed class PredictionSpecValidationTests
{
    private static readonly ManifestLoader Loader = new(new ResourceValidator(new ScalerCatalog([new CronScalerFactory()])));

    public static TheoryData<string, string?, string?> Cases => new()
    {
        { "mode: Active", null, null },
        { "mode: Preview\n    quantile: 0.95\n    leadTime: 45s\n    history: 7d\n    seasonality: 24h\n    maxScaleUpFactor: 3\n    demand: rate", null, null },
        { "seasonality: none\n    leadTime: auto", null, null },
        { "mode: active", "spec.prediction.mode", "did you mean 'Active'" },
        { "quantile: 0.4", "spec.prediction.quantile", "greater than 0.5" },
        { "quantile: 1", "spec.prediction.quantile", "less than 1" },
        { "leadTime: soon", "spec.prediction.leadTime", "'auto' or a duration" },
        { "leadTime: 2h", "spec.prediction.leadTime", "1h" },
        { "history: 30m", "spec.prediction.history", "from 1h to 60d" },
        { "history: 90d", "spec.prediction.history", "from 1h to 60d" },
        { "seasonality: daily", "spec.prediction.seasonality", "'auto', 'none' or a period" },
        { "seasonality: 10d", "spec.prediction.seasonality", "twice" },
        { "maxScaleUpFactor: 0.5", "spec.prediction.maxScaleUpFactor", "at least 1" },
        { "horizon: 5m", "spec.prediction.horizon", null },
        { "demand: rates", "spec.prediction.demand", "did you mean 'rate'" },
        { "group: shop-app", null, null },
        { "group: Shop_App.v2", null, null },
        { "group: -shop", "spec.prediction.group", "Kubernetes label value" },
        { "group: shop app", "spec.prediction.group", "got 'shop app'" },
        { "group: " + new string('a', 64), "spec.prediction.group", "1-63" },
        { "groups: shop", "spec.prediction.groups", "did you mean 'group'" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PredictionSpec_IsValidatedWithFieldPaths(string prediction, string? path, string? message)
    {
        var yaml = $"""
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata:
              name: web
              namespace: default
            spec:
              scaleTargetRef:
                name: web
              prediction:
                {prediction}
              triggers:
                - type: cron
                  metadata:
                    timezone: UTC
                    start: 0 8 * * *
                    end: 0 18 * * *
                    desiredReplicas: "3"
            """;

        var result = Loader.Load("so.yaml", yaml);

        if (path is null)
        {
            Assert.True(result.IsValid, string.Join("; ", result.Errors));
            var spec = Assert.IsType<ScaledObject>(Assert.Single(result.Resources).Resource).Spec;
            Assert.NotNull(spec.Prediction);
        }
        else
        {
            var error = Assert.Single(result.Errors, e => e.Path == path);
            if (message is not null)
            {
                Assert.Contains(message, error.Message);
            }
        }
    }

    [Fact]
    public void Options_FromSpec_MapEveryField()
    {
        var spec = new PredictionSpec { Mode = "Preview", Quantile = 0.95, LeadTime = "45s", History = "7d", Seasonality = "90m", MaxScaleUpFactor = 3, Group = "shop" };

        var options = PredictorOptions.FromSpec(spec, pollingIntervalSeconds: 15);
        var auto = PredictorOptions.FromSpec(new PredictionSpec { Mode = "Active", Seasonality = "none" }, pollingIntervalSeconds: 120);

        Assert.Equal(PredictionMode.Preview, options.Mode);
        Assert.Equal(0.95, options.Quantile);
        Assert.Equal(TimeSpan.FromSeconds(45), options.FixedLeadTime);
        Assert.Equal(TimeSpan.FromDays(7), options.History);
        Assert.Equal(TimeSpan.FromMinutes(90), options.Seasonality);
        Assert.Equal(3, options.MaxScaleUpFactor);
        Assert.Equal(TimeSpan.FromSeconds(15), options.Step);
        Assert.Equal(TimeSpan.FromSeconds(15), options.Window);
        Assert.Equal("shop", options.Group);
        Assert.Null(auto.Group);
        Assert.Null(auto.FixedLeadTime);
        Assert.Equal(TimeSpan.Zero, auto.Seasonality);
        Assert.Equal(TimeSpan.FromSeconds(60), auto.Step);
    }
}
