using Autoscaler.Scalers.Http.Prometheus;
using Autoscaler.Scalers.Tests.Aws;
using Autoscaler.Scalers.Tests.Servers;
using Autoscaler.Scaling;
using Autoscaler.Testing;

namespace Autoscaler.Scalers.Tests.Http;

/// <summary>The prometheus scaler against Debian's prometheus scraping a real /metrics target on 127.0.0.1.</summary>
public sealed class PrometheusScalerTests
{
    private static readonly PrometheusScalerFactory Factory = new();

    private static IScaler Scaler(string server, string query, string extra = "", IReadOnlyDictionary<string, string>? auth = null)
    {
        var metadata = SqsQueueOptionsTests.Parse($"threshold=10;{extra}");
        metadata["serverAddress"] = server;
        metadata["query"] = query;
        return Scalers.Create(Factory, metadata, auth);
    }

    private static async Task<double> ReadWhenAsync(IScaler scaler, Func<double, bool> accept, string what) =>
        await Eventually.ValueAsync(
            async () =>
            {
                try
                {
                    return (await scaler.GetMetricAndActivityAsync(default)).Value;
                }
                catch (InvalidOperationException)
                {
                    return double.NaN;
                }
            },
            accept, what, TimeSpan.FromSeconds(60));

    [Fact]
    public async Task RealPrometheus_OneSample_MultipleSamples_NoSamples_AndServerStopped()
    {
        await using var target = await HttpTarget.StartAsync();
        target.DepthA = 30;
        target.DepthB = 12;
        await using var prometheus = await PrometheusServer.StartAsync(target.HostPort);

        await using var sum = Scaler(prometheus.Address, "sum(queue_depth)", "activationThreshold=41");
        Assert.Equal(42, await ReadWhenAsync(sum, v => v == 42, "the first scrape to reach the query API"));
        Assert.Equal(new MetricSpec("s0-prometheus", 10, 41, MetricTargetType.AverageValue), sum.MetricSpec);
        Assert.True((await sum.GetMetricAndActivityAsync(default)).IsActive);

        target.DepthA = 0;
        Assert.Equal(12, await ReadWhenAsync(sum, v => v == 12, "the next scrape"));
        Assert.False((await sum.GetMetricAndActivityAsync(default)).IsActive);

        // Two series: a clear error that says what came back.
        await using var two = Scaler(prometheus.Address, "queue_depth");
        var many = await Assert.ThrowsAsync<InvalidOperationException>(async () => await two.GetMetricAndActivityAsync(default));
        Assert.Contains("returned 2 samples, expected exactly one", many.Message, StringComparison.Ordinal);
        Assert.Contains("\"queue\":\"a\"", many.Message, StringComparison.Ordinal);
        Assert.Contains("\"queue\":\"b\"", many.Message, StringComparison.Ordinal);

        // No series: 0 by default (ignoreNullValues: true), an error when ignoreNullValues is false.
        await using var none = Scaler(prometheus.Address, "queue_depth{queue=\"zzz\"}");
        Assert.Equal(new MetricReading(0, false), await none.GetMetricAndActivityAsync(default));
        await using var strict = Scaler(prometheus.Address, "queue_depth{queue=\"zzz\"}", "ignoreNullValues=false");
        var empty = await Assert.ThrowsAsync<InvalidOperationException>(async () => await strict.GetMetricAndActivityAsync(default));
        Assert.Contains("returned no samples", empty.Message, StringComparison.Ordinal);

        // A bad query: Prometheus's own reason.
        await using var bad = Scaler(prometheus.Address, "sum(");
        var parse = await Assert.ThrowsAsync<InvalidOperationException>(async () => await bad.GetMetricAndActivityAsync(default));
        Assert.Contains("bad_data", parse.Message, StringComparison.Ordinal);

        // A scalar is one sample too.
        await using var scalar = Scaler(prometheus.Address, "scalar(sum(queue_depth)) * 2");
        Assert.Equal(24, (await scalar.GetMetricAndActivityAsync(default)).Value);

        // Server stopped mid-test: the read fails by itself, well within the loop's timeout.
        await prometheus.StopAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<HttpRequestException>(async () => await sum.GetMetricAndActivityAsync(deadline.Token));
        Assert.False(deadline.IsCancellationRequested);
    }

    [Fact]
    public async Task SendsBearerCustomHeadersQueryParametersAndNamespace()
    {
        await using var target = await HttpTarget.StartAsync();
        target.JsonBody = """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000,"7.5"]}]}}""";
        target.RequiredBearer = "token-that-must-stay-secret";
        await using var scaler = Scaler(target.Address.ToString(), "up", "customHeaders=X-Scope-OrgID=tenant1,X-Extra=1;queryParameters=dedup=false;namespace=team-a;authModes=bearer",
            new Dictionary<string, string> { ["bearerToken"] = "token-that-must-stay-secret" });

        Assert.Equal(new MetricReading(7.5, true), await scaler.GetMetricAndActivityAsync(default));
        Assert.Equal("tenant1", target.LastHeaders!["X-Scope-OrgID"]);
        Assert.Equal("1", target.LastHeaders["X-Extra"]);
        Assert.Contains("dedup=false", target.LastQuery, StringComparison.Ordinal);
        Assert.Contains("namespace=team-a", target.LastQuery, StringComparison.Ordinal);
        Assert.Contains("query=up", target.LastQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongBearer_IsAReadErrorWithTheStatus_NotTheToken()
    {
        await using var target = await HttpTarget.StartAsync();
        target.RequiredBearer = "right";
        await using var scaler = Scaler(target.Address.ToString(), "up", "authModes=bearer", new Dictionary<string, string> { ["bearerToken"] = "wrong-secret-token" });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await scaler.GetMetricAndActivityAsync(default));
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-token", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowServer_ReadTimesOutAfterTimeoutMilliseconds()
    {
        await using var target = await HttpTarget.StartAsync();
        target.Delay = TimeSpan.FromSeconds(20);
        await using var scaler = Scaler(target.Address.ToString(), "up", "timeout=300");
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await scaler.GetMetricAndActivityAsync(default));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
    }
}
