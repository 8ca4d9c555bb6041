using Autoscaler.Scalers.Http.MetricsApi;
using Autoscaler.Scalers.Tests.Aws;
using Autoscaler.Scalers.Tests.Servers;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Tests.Http;

/// <summary>The metrics-api scaler against a real HTTP server on 127.0.0.1, and its metadata table.</summary>
public sealed class MetricsApiScalerTests
{
    private static readonly MetricsApiScalerFactory Factory = new();

    private static IScaler Scaler(HttpTarget target, string extra, IReadOnlyDictionary<string, string>? auth = null)
    {
        var metadata = SqsQueueOptionsTests.Parse("targetValue=5;" + extra);
        metadata["url"] = new Uri(target.Address, "/json").ToString();
        return Scalers.Create(Factory, metadata, auth);
    }

    [Theory]
    [InlineData("""{"components":{"worker":{"tasks":12}}}""", "components.worker.tasks", 12)]
    [InlineData("""{"items":[{"value":1},{"value":"3.5"}]}""", "items.1.value", 3.5)]
    [InlineData("""[4,5,6]""", "2", 6)]
    public async Task ReadsTheNumberAtValueLocation(string body, string location, double expected)
    {
        await using var target = await HttpTarget.StartAsync();
        target.JsonBody = body;
        await using var scaler = Scaler(target, "valueLocation=" + location);
        Assert.Equal(new MetricReading(expected, true), await scaler.GetMetricAndActivityAsync(default));
        Assert.Equal("s0-metrics-api", scaler.MetricSpec.MetricName);
    }

    [Fact]
    public async Task ActivationTargetValue_DecidesActivity()
    {
        await using var target = await HttpTarget.StartAsync();
        target.JsonBody = """{"n":3}""";
        await using var scaler = Scaler(target, "valueLocation=n;activationTargetValue=3");
        Assert.Equal(new MetricReading(3, false), await scaler.GetMetricAndActivityAsync(default));
    }

    [Theory]
    [InlineData("""{"a":{"b":1}}""", "a.c", "'a.c' is not in the response")]
    [InlineData("""{"a":{"b":"many"}}""", "a.b", "holds string")]
    [InlineData("""{"a":[1]}""", "a.3", "'a.3' is not in the response")]
    public async Task MissingOrNonNumericValue_IsAClearReadError(string body, string location, string fragment)
    {
        await using var target = await HttpTarget.StartAsync();
        target.JsonBody = body;
        await using var scaler = Scaler(target, "valueLocation=" + location);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await scaler.GetMetricAndActivityAsync(default));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadCredentials_And_ServerGone_AreReadErrors()
    {
        var target = await HttpTarget.StartAsync();
        target.JsonBody = """{"n":9}""";
        target.RequiredBearer = "good-token";
        await using var wrong = Scaler(target, "valueLocation=n;authModes=bearer", new Dictionary<string, string> { ["bearerToken"] = "bad-token-secret" });
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () => await wrong.GetMetricAndActivityAsync(default));
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bad-token-secret", refused.ToString(), StringComparison.Ordinal);

        await using var right = Scaler(target, "valueLocation=n;authModes=bearer", new Dictionary<string, string> { ["bearerToken"] = "good-token" });
        Assert.Equal(9, (await right.GetMetricAndActivityAsync(default)).Value);

        await target.DisposeAsync();
        await Assert.ThrowsAsync<HttpRequestException>(async () => await right.GetMetricAndActivityAsync(default));
    }

    public static TheoryData<string, string, string> Invalid => new()
    {
        { "valueLocation=a;targetValue=1", "url", "is required" },
        { "url=http://x/m;targetValue=1", "valueLocation", "is required" },
        { "url=http://x/m;valueLocation=a", "targetValue", "is required" },
        { "url=x/m;valueLocation=a;targetValue=1", "url", "absolute http(s) URL" },
        { "url=http://x/m;valueLocation=a..b;targetValue=1", "valueLocation", "dotted path" },
        { "url=http://x/m;valueLocation=a;targetValue=-1", "targetValue", "greater than 0" },
        { "url=http://x/m;valueLocation=a;targetValue=1;format=xml", "format", "must be one of json" },
        { "url=http://x/m;valueLocation=a;targetValue=1;activationTargetValue=x", "activationTargetValue", "must be a number" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidMetadata_ErrorNamesTheField(string metadata, string field, string fragment) =>
        Scalers.AssertError(Scalers.Validate(Factory, SqsQueueOptionsTests.Parse(metadata)), field, fragment);

    [Theory]
    [InlineData("url=http://x/m;valueLocation=components.worker.tasks;targetValue=5")]
    [InlineData("url=https://x/m;valueLocation=a.0;targetValue=2.5;activationTargetValue=1;format=json;authModes=bearer;timeout=500")]
    public void ValidMetadata_NoErrors(string metadata) => Assert.Empty(Scalers.Validate(Factory, SqsQueueOptionsTests.Parse(metadata)));
}
