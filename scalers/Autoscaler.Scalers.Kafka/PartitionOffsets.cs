namespace Autoscaler.Scalers.Kafka;

/// <summary>One partition's offsets as read from the cluster.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition id.</param>
/// <param name="Committed">The group's committed offset; null when the group has none for this partition.</param>
/// <param name="Latest">The partition's latest offset (high watermark).</param>
internal readonly record struct PartitionOffsets(string Topic, int Partition, long? Committed, long Latest);
