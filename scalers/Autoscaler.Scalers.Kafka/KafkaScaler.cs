using Autoscaler.Scaling;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Autoscaler.Scalers.Kafka;

/// <summary>
/// Reads a consumer group's lag with one admin client (created once, disposed with the scaler): the topic's
/// partitions (DescribeTopics), the group's committed offsets (ListConsumerGroupOffsets) and the latest offsets
/// (ListOffsets), then KEDA's arithmetic in <see cref="KafkaLagCalculator"/>. A read that fails drops the client and
/// the next read builds a fresh one: librdkafka can keep waiting on a broker connection that died, and a new client
/// reconnects at once when the cluster is back.
/// </summary>
internal sealed class KafkaScaler : IScaler
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private readonly KafkaTriggerOptions _options;
    private readonly Func<IAdminClient> _createAdmin;
    private IAdminClient? _admin;
    private bool _disposed;
    private readonly KafkaLagCalculator _calculator;

    public KafkaScaler(KafkaTriggerOptions options, ScalerContext context, Func<IAdminClient> createAdmin)
    {
        _options = options;
        _createAdmin = createAdmin;
        _calculator = new KafkaLagCalculator(options);
        var name = options.Topic.Length > 0 ? $"kafka-{options.Topic}" : $"kafka-{options.ConsumerGroup}-topics";
        MetricSpec = new MetricSpec($"s{context.TriggerIndex}-{name}", options.LagThreshold, options.ActivationLagThreshold, MetricTargetTypes.Of(context.Trigger));
    }

    public MetricSpec MetricSpec { get; }

    public async ValueTask<MetricReading> GetMetricAndActivityAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var admin = _admin ??= _createAdmin();
        List<PartitionOffsets> partitions;
        try
        {
            partitions = await ReadOffsetsAsync(admin, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _admin = null;
            admin.Dispose();
            throw;
        }

        var (lag, withPersistent) = _calculator.Compute(partitions);
        return new MetricReading(lag, withPersistent > _options.ActivationLagThreshold);
    }

    /// <summary>Reads every counted partition's committed and latest offsets.</summary>
    internal async Task<List<PartitionOffsets>> ReadOffsetsAsync(IAdminClient admin, CancellationToken cancellationToken)
    {
        // With a topic: its partitions, then the group's offsets for exactly those. Without: the topics the group committed to.
        var committed = _options.Topic.Length > 0 ? null : await CommittedAsync(admin, null, cancellationToken).ConfigureAwait(false);
        List<string> topics = committed is null
            ? [_options.Topic]
            : [.. committed.Keys.Select(k => k.Topic).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var partitions = await PartitionsAsync(admin, topics, cancellationToken).ConfigureAwait(false);
        if (partitions.Count == 0)
        {
            return [];
        }

        committed ??= await CommittedAsync(admin, partitions, cancellationToken).ConfigureAwait(false);
        var latest = await LatestAsync(admin, partitions, cancellationToken).ConfigureAwait(false);
        return [.. partitions.Select(tp => new PartitionOffsets(
            tp.Topic,
            tp.Partition.Value,
            committed.TryGetValue(tp, out var offset) ? offset : null,
            latest.TryGetValue(tp, out var end) ? end : throw new InvalidOperationException($"no latest offset for {tp.Topic}[{tp.Partition.Value}]")))];
    }

    private async Task<List<TopicPartition>> PartitionsAsync(IAdminClient admin, List<string> topics, CancellationToken cancellationToken)
    {
        if (topics.Count == 0)
        {
            return [];
        }

        DescribeTopicsResult described;
        try
        {
            described = await admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(topics), new DescribeTopicsOptions { RequestTimeout = RequestTimeout })
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DescribeTopicsException e)
        {
            var failed = e.Results.TopicDescriptions.FirstOrDefault(d => d.Error.IsError);
            throw new InvalidOperationException(failed is null ? e.Message : $"topic '{failed.Name}': {failed.Error.Reason}", e);
        }

        var result = new List<TopicPartition>();
        foreach (var topic in described.TopicDescriptions)
        {
            var ids = topic.Partitions.Select(p => p.Partition)
                .Where(id => _options.Topic.Length == 0 || _options.Partitions.Count == 0 || _options.Partitions.Contains(id))
                .Order()
                .ToList();
            if (ids.Count == 0)
            {
                throw new InvalidOperationException($"expected at least one active partition within the topic '{topic.Name}'");
            }

            result.AddRange(ids.Select(id => new TopicPartition(topic.Name, id)));
        }

        return result;
    }

    private async Task<Dictionary<TopicPartition, long>> CommittedAsync(IAdminClient admin, List<TopicPartition>? partitions, CancellationToken cancellationToken)
    {
        var results = await admin.ListConsumerGroupOffsetsAsync(
            [new ConsumerGroupTopicPartitions(_options.ConsumerGroup, partitions)],
            new ListConsumerGroupOffsetsOptions { RequestTimeout = RequestTimeout }).WaitAsync(cancellationToken).ConfigureAwait(false);
        var committed = new Dictionary<TopicPartition, long>();
        foreach (var entry in results.SelectMany(r => r.Partitions ?? []))
        {
            if (entry.Error.IsError)
            {
                throw new InvalidOperationException($"committed offset of {entry.Topic}[{entry.Partition.Value}] for group '{_options.ConsumerGroup}': {entry.Error.Reason}");
            }

            if (entry.Offset.Value >= 0)
            {
                committed[entry.TopicPartition] = entry.Offset.Value;
            }
        }

        return committed;
    }

    private async Task<Dictionary<TopicPartition, long>> LatestAsync(IAdminClient admin, List<TopicPartition> partitions, CancellationToken cancellationToken)
    {
        var result = await admin.ListOffsetsAsync(
            partitions.Select(tp => new TopicPartitionOffsetSpec { TopicPartition = tp, OffsetSpec = OffsetSpec.Latest() }),
            new ListOffsetsOptions { RequestTimeout = RequestTimeout }).WaitAsync(cancellationToken).ConfigureAwait(false);
        var latest = new Dictionary<TopicPartition, long>();
        foreach (var info in result.ResultInfos)
        {
            var entry = info.TopicPartitionOffsetError;
            if (entry.Error.IsError)
            {
                throw new InvalidOperationException($"latest offset of {entry.Topic}[{entry.Partition.Value}]: {entry.Error.Reason}");
            }

            latest[entry.TopicPartition] = entry.Offset.Value;
        }

        return latest;
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _admin?.Dispose();
        _admin = null;
        return ValueTask.CompletedTask;
    }
}
