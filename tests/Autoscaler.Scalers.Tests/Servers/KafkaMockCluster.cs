using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Autoscaler.Testing;
using Confluent.Kafka;

namespace Autoscaler.Scalers.Tests.Servers;

/// <summary>
/// librdkafka's built-in mock cluster (real Kafka protocol over TCP on 127.0.0.1), driven through P/Invoke into the
/// native library that Confluent.Kafka ships. Never call ListConsumerGroups against it: the process aborts.
/// </summary>
internal sealed partial class KafkaMockCluster : IDisposable
{
    private const string Library = "librdkafka";
    private static readonly Lock ResolverLock = new();
    private static bool s_resolverSet;

    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;
    private bool _disposed;

    private KafkaMockCluster(IntPtr handle, IntPtr cluster, string bootstrap)
    {
        _handle = handle;
        _cluster = cluster;
        BootstrapServers = bootstrap;
    }

    public string BootstrapServers { get; }

    public static KafkaMockCluster Start()
    {
        EnsureResolver();
        var error = new byte[512];
        var handle = rd_kafka_new(0, rd_kafka_conf_new(), error, (UIntPtr)error.Length);
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException("rd_kafka_new failed: " + Encoding.ASCII.GetString(error).TrimEnd('\0'));
        }

        var cluster = rd_kafka_mock_cluster_new(handle, 1);
        if (cluster == IntPtr.Zero)
        {
            rd_kafka_destroy(handle);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        }

        var bootstrap = Marshal.PtrToStringAnsi(rd_kafka_mock_cluster_bootstraps(cluster))!;
        if (rd_kafka_mock_set_controller_id(cluster, 1) != 0)
        {
            throw new InvalidOperationException("rd_kafka_mock_set_controller_id failed");
        }

        rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, 0);
        return new KafkaMockCluster(handle, cluster, bootstrap);
    }

    public void CreateTopic(string topic, int partitions)
    {
        var error = rd_kafka_mock_topic_create(_cluster, topic, partitions, 1);
        if (error != 0)
        {
            throw new InvalidOperationException($"rd_kafka_mock_topic_create({topic}) failed with {error}");
        }
    }

    /// <summary>Takes the only broker down (connections refused) or brings it back.</summary>
    public void SetBrokerUp(bool up)
    {
        var error = up ? rd_kafka_mock_broker_set_up(_cluster, 1) : rd_kafka_mock_broker_set_down(_cluster, 1);
        if (error != 0)
        {
            throw new InvalidOperationException($"setting the mock broker {(up ? "up" : "down")} failed with {error}");
        }
    }

    /// <summary>Produces <paramref name="count"/> messages to each of <paramref name="partitions"/>.</summary>
    public async Task ProduceAsync(string topic, int count, params int[] partitions)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = BootstrapServers, Acks = Acks.All })
            .SetLogHandler((_, _) => { }).Build();
        foreach (var partition in partitions)
        {
            for (var i = 0; i < count; i++)
            {
                await producer.ProduceAsync(new TopicPartition(topic, partition), new Message<Null, string> { Value = "m" + i });
            }
        }
    }

    /// <summary>Commits offsets for <paramref name="group"/> (partition → next offset to read).</summary>
    public void Commit(string group, string topic, IReadOnlyDictionary<int, long> offsets)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = group,
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Commit([.. offsets.Select(o => new TopicPartitionOffset(topic, o.Key, o.Value))]);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        rd_kafka_mock_cluster_destroy(_cluster);
        rd_kafka_destroy(_handle);
    }

    /// <summary>
    /// On Debian 12 the default librdkafka.so needs libsasl2.so.3, which is absent; Confluent.Kafka falls back to the
    /// centos8 build, so the P/Invoke must load whichever of the two loads.
    /// </summary>
    private static void EnsureResolver()
    {
        lock (ResolverLock)
        {
            if (s_resolverSet)
            {
                return;
            }

            NativeLibrary.SetDllImportResolver(typeof(KafkaMockCluster).Assembly, Resolve);
            s_resolverSet = true;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library)
        {
            return IntPtr.Zero;
        }

        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        foreach (var file in new[] { "librdkafka.so", "centos8-librdkafka.so", "alpine-librdkafka.so" })
        {
            if (NativeLibrary.TryLoad(Path.Combine(native, file), out var handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException($"no librdkafka build under {native} loads on this machine");
    }

    [LibraryImport(Library)]
    private static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(Library)]
    private static partial IntPtr rd_kafka_new(int type, IntPtr conf, [Out] byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Library)]
    private static partial void rd_kafka_destroy(IntPtr rk);

    [LibraryImport(Library)]
    private static partial IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokers);

    [LibraryImport(Library)]
    private static partial void rd_kafka_mock_cluster_destroy(IntPtr cluster);

    [LibraryImport(Library)]
    private static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitions, int replicationFactor);

    [LibraryImport(Library)]
    private static partial int rd_kafka_mock_set_controller_id(IntPtr cluster, int brokerId);

    [LibraryImport(Library)]
    private static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr cluster, int delayMs);

    [LibraryImport(Library)]
    private static partial int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

    [LibraryImport(Library)]
    private static partial int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);
}
