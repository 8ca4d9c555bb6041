using Autoscaler.Scalers.Kafka;
using Autoscaler.Scalers.Tests.Aws;
using Autoscaler.Scaling;
using Autoscaler.Validation;

namespace Autoscaler.Scalers.Tests.Kafka;

/// <summary>KEDA's lag arithmetic, case by case (named table cases, as kafka_scaler_test.go does).</summary>
public sealed class KafkaLagCalculatorTests
{
    private static KafkaLagCalculator Calculator(string extra = "")
    {
        var errors = new ErrorList();
        var options = TriggerMetadataBinder.Bind<KafkaTriggerOptions>(
            Scalers.Trigger("kafka", SqsQueueOptionsTests.Parse("bootstrapServers=k:1;consumerGroup=g;topic=t;" + extra)), null, null, errors, resolved: true);
        Assert.True(errors.IsEmpty, string.Join("; ", errors.Errors));
        return new KafkaLagCalculator(options);
    }

    /// <summary>"partition:committed:latest,..." with "-" for no committed offset.</summary>
    private static PartitionOffsets[] Partitions(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split(':')).Select(p =>
            P(int.Parse(p[0]), p[1] == "-" ? null : long.Parse(p[1]), long.Parse(p[2])))];

    private static PartitionOffsets P(int partition, long? committed, long latest) => new("t", partition, committed, latest);

    public static TheoryData<string, string, string, long, long> Cases => new()
    {
        { "lag is latest minus committed, summed", "", "0:5:15,1:0:3", 13, 13 },
        { "no commit + latest: 1 per partition", "", "0:-:100,1:-:7", 2, 2 },
        { "no commit + latest + scaleToZeroOnInvalidOffset: 0", "scaleToZeroOnInvalidOffset=true", "0:-:100", 0, 0 },
        { "no commit + earliest: the whole log", "offsetResetPolicy=earliest;allowIdleConsumers=true", "0:-:100,1:-:7", 107, 107 },
        { "no commit + earliest, capped", "offsetResetPolicy=earliest", "0:-:100,1:-:7", 20, 107 },
        { "no commit + earliest + scaleToZeroOnInvalidOffset: 0", "offsetResetPolicy=earliest;scaleToZeroOnInvalidOffset=true", "0:-:100", 0, 0 },
        { "capped at partitions x lagThreshold", "", "0:0:100,1:0:100", 20, 200 },
        { "allowIdleConsumers: no cap", "allowIdleConsumers=true", "0:0:100,1:0:100", 200, 200 },
        { "limitToPartitionsWithLag: capped at lagging partitions x lagThreshold", "limitToPartitionsWithLag=true", "0:0:100,1:5:5,2:9:9", 10, 100 },
        { "cap uses integer division, as KEDA: 29/10 = 2 is not above 2 partitions", "", "0:0:15,1:0:14", 29, 29 },
        { "no partitions: zero", "", "", 0, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute(string name, string metadata, string partitions, long lag, long lagWithPersistent)
    {
        Assert.NotNull(name);
        Assert.Equal((lag, lagWithPersistent), Calculator(metadata).Compute(Partitions(partitions)));
    }

    [Fact]
    public void ExcludePersistentLag_IgnoresAPartitionWhoseOffsetDidNotMove_ButKeepsItForActivation()
    {
        var calculator = Calculator("excludePersistentLag=true");
        Assert.Equal((15L, 15L), calculator.Compute([P(0, 5, 10), P(1, 0, 10)]));   // first read: everything counts
        Assert.Equal((3L, 8L), calculator.Compute([P(0, 5, 10), P(1, 7, 10)]));    // p0 stuck at 5: excluded; p1 moved
        Assert.Equal((5L, 5L), calculator.Compute([P(0, 6, 11), P(1, 10, 10)]));    // p0 moved again: counted
    }

    [Fact]
    public void WithoutExcludePersistentLag_AStuckPartitionKeepsCounting()
    {
        var calculator = Calculator();
        Assert.Equal((5L, 5L), calculator.Compute([P(0, 5, 10)]));
        Assert.Equal((5L, 5L), calculator.Compute([P(0, 5, 10)]));
    }
}
