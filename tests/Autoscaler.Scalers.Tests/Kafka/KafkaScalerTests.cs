using Autoscaler.Scalers.Kafka;
using Autoscaler.Scalers.Tests.Servers;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Tests.Kafka;

/// <summary>The kafka scaler against librdkafka's mock cluster (the real protocol over TCP on 127.0.0.1).</summary>
public sealed class KafkaScalerTests
{
    private static readonly KafkaScalerFactory Factory = new();

    /// <summary>Topic orders, 3 partitions: p0 has 10 messages (group committed 4), p1 has 20 (committed 20), p2 is empty (nothing committed).</summary>
    private static async Task<KafkaMockCluster> ClusterAsync()
    {
        var cluster = KafkaMockCluster.Start();
        cluster.CreateTopic("orders", 3);
        await cluster.ProduceAsync("orders", 10, 0);
        await cluster.ProduceAsync("orders", 20, 1);
        cluster.Commit("workers", "orders", new Dictionary<int, long> { [0] = 4, [1] = 20 });
        return cluster;
    }

    private static IScaler Scaler(KafkaMockCluster cluster, string extra = "") =>
        Scalers.Create(Factory, Aws.SqsQueueOptionsTests.Parse($"bootstrapServers={cluster.BootstrapServers};consumerGroup=workers;" + extra));

    [Theory]
    [InlineData("topic=orders", 7, true)]                                      // 6 + 0 + 1 (p2: no commit, latest -> 1)
    [InlineData("topic=orders;offsetResetPolicy=earliest", 6, true)]           // p2's log is empty
    [InlineData("topic=orders;scaleToZeroOnInvalidOffset=true", 6, true)]
    [InlineData("topic=orders;partitionLimitation=1-2", 1, true)]
    [InlineData("topic=orders;partitionLimitation=1;scaleToZeroOnInvalidOffset=true", 0, false)]
    [InlineData("topic=orders;lagThreshold=1", 3, true)]                       // capped at 3 partitions x 1
    [InlineData("topic=orders;lagThreshold=1;allowIdleConsumers=true", 7, true)]
    [InlineData("topic=orders;lagThreshold=1;limitToPartitionsWithLag=true", 2, true)] // p0 and p2 have lag
    [InlineData("topic=orders;activationLagThreshold=7", 7, false)]
    public async Task Lag_AsKedaComputesIt(string metadata, double value, bool active)
    {
        using var cluster = await ClusterAsync();
        await using var scaler = Scaler(cluster, metadata);
        Assert.Equal(new MetricReading(value, active), await scaler.GetMetricAndActivityAsync(default));
    }

    // Without a topic the scaler asks for the group's offsets of every topic (OffsetFetch with no topics). librdkafka's
    // mock cluster answers that with nothing, so that mode is covered only with a real broker (docs/scalers/kafka.md).
    [Fact]
    public async Task NoTopic_AgainstTheMock_ReadsNothingCommitted_ZeroAndInactive()
    {
        using var cluster = await ClusterAsync();
        await using var scaler = Scaler(cluster);
        Assert.Equal(new MetricReading(0, false), await scaler.GetMetricAndActivityAsync(default));
    }

    [Fact]
    public async Task MetricName_IsKedas()
    {
        using var cluster = await ClusterAsync();
        await using var withTopic = Scaler(cluster, "topic=orders");
        await using var withoutTopic = Scaler(cluster);
        Assert.Equal("s0-kafka-orders", withTopic.MetricSpec.MetricName);
        Assert.Equal("s0-kafka-workers-topics", withoutTopic.MetricSpec.MetricName);
        Assert.Equal(10, withTopic.MetricSpec.Target);
    }

    [Fact]
    public async Task ConsumerCatchesUp_LagFalls()
    {
        using var cluster = await ClusterAsync();
        await using var scaler = Scaler(cluster, "topic=orders;scaleToZeroOnInvalidOffset=true");
        Assert.Equal(6, (await scaler.GetMetricAndActivityAsync(default)).Value);
        cluster.Commit("workers", "orders", new Dictionary<int, long> { [0] = 10 });
        Assert.Equal(new MetricReading(0, false), await scaler.GetMetricAndActivityAsync(default));
        await cluster.ProduceAsync("orders", 5, 2);
        Assert.Equal(new MetricReading(0, false), await scaler.GetMetricAndActivityAsync(default)); // p2 still has no commit
        cluster.Commit("workers", "orders", new Dictionary<int, long> { [2] = 1 });
        Assert.Equal(new MetricReading(4, true), await scaler.GetMetricAndActivityAsync(default));
    }

    [Fact]
    public async Task UnknownTopic_IsAReadErrorNamingTheTopic()
    {
        using var cluster = await ClusterAsync();
        await using var scaler = Scaler(cluster, "topic=missing");
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await scaler.GetMetricAndActivityAsync(default));
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokerDownMidTest_ReadFailsWithinTheTimeout_AndRecoversWhenItIsBack()
    {
        using var cluster = await ClusterAsync();
        await using var scaler = Scaler(cluster, "topic=orders");
        Assert.Equal(7, (await scaler.GetMetricAndActivityAsync(default)).Value);

        cluster.SetBrokerUp(false);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            // The control loop bounds every read with its timeout (cancellation); the scaler must honour it promptly.
            var started = System.Diagnostics.Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<Exception>(async () => await scaler.GetMetricAndActivityAsync(deadline.Token));
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"the read took {started.Elapsed} after its 5 s deadline");
        }

        cluster.SetBrokerUp(true);
        var reading = await Autoscaler.Testing.Eventually.ValueAsync(
            async () =>
            {
                try
                {
                    return (MetricReading?)await scaler.GetMetricAndActivityAsync(default);
                }
                catch (Exception)
                {
                    return null;
                }
            },
            r => r is not null, "the same scaler reads again once the broker is back", TimeSpan.FromSeconds(60));
        Assert.Equal(new MetricReading(7, true), reading);
    }
}
