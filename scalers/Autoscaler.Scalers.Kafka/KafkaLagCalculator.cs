namespace Autoscaler.Scalers.Kafka;

/// <summary>
/// KEDA's lag arithmetic, kept pure: per-partition lag from the committed and latest offsets, the handling of
/// partitions with no committed offset, persistent-lag exclusion (which remembers the previous committed offsets),
/// and the cap by partition count. One instance per scaler; not thread-safe (reads of one scaler never overlap).
/// </summary>
internal sealed class KafkaLagCalculator
{
    private readonly KafkaTriggerOptions _options;
    private readonly Dictionary<(string Topic, int Partition), long> _previousOffsets = [];

    public KafkaLagCalculator(KafkaTriggerOptions options) => _options = options;

    /// <summary>
    /// Computes the total lag (for the metric, after the cap) and the total lag including persistent lag (for activation).
    /// </summary>
    /// <param name="partitions">Every counted partition with its committed offset (null when none) and its latest offset.</param>
    public (long Lag, long LagWithPersistent) Compute(IEnumerable<PartitionOffsets> partitions)
    {
        long totalLag = 0;
        long totalWithPersistent = 0;
        long partitionCount = 0;
        long partitionsWithLag = 0;
        foreach (var partition in partitions)
        {
            var (lag, withPersistent) = PartitionLag(partition);
            totalLag += lag;
            totalWithPersistent += withPersistent;
            partitionCount++;
            if (lag > 0)
            {
                partitionsWithLag++;
            }
        }

        if (!_options.AllowIdleConsumers || _options.LimitToPartitionsWithLag)
        {
            // Never ask for more replicas than there are partitions (or partitions with lag) to consume.
            var upperBound = _options.LimitToPartitionsWithLag ? partitionsWithLag : partitionCount;
            if (totalLag / _options.LagThreshold > upperBound)
            {
                totalLag = upperBound * _options.LagThreshold;
            }
        }

        return (totalLag, totalWithPersistent);
    }

    private (long Lag, long WithPersistent) PartitionLag(PartitionOffsets partition)
    {
        if (partition.Committed is not { } committed)
        {
            if (_options.OffsetResetPolicy == "latest")
            {
                var value = _options.ScaleToZeroOnInvalidOffset ? 0 : 1;
                return (value, value);
            }

            return _options.ScaleToZeroOnInvalidOffset ? (0, 0) : (partition.Latest, partition.Latest);
        }

        var lag = partition.Latest - committed;
        if (_options.ExcludePersistentLag)
        {
            var key = (partition.Topic, partition.Partition);
            if (_previousOffsets.TryGetValue(key, out var previous) && previous == committed)
            {
                // The consumer did not move since the last read: a stuck message. Not counted for scaling.
                return (0, lag);
            }

            _previousOffsets[key] = committed;
        }

        return (lag, lag);
    }
}
