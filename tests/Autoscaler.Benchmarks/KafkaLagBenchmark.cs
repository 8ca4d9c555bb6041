using System.Diagnostics;
using System.Globalization;
using Autoscaler.Model;
using Autoscaler.Scalers.Kafka;
using Autoscaler.Scalers.Tests.Servers;
using Autoscaler.Scaling;

namespace Autoscaler.Benchmarks;

/// <summary>
/// One kafka scaler reading one consumer group's lag over a topic with P partitions on librdkafka's mock cluster
/// (the real protocol over TCP on 127.0.0.1): milliseconds per read (DescribeTopics + ListConsumerGroupOffsets + ListOffsets).
/// </summary>
internal sealed class KafkaLagBenchmark : IBenchmark
{
    public string Name => "kafka-lag";

    public string Description => "kafka-lag [partitions=100] [reads=300]: milliseconds per lag read of one group";

    public async Task RunAsync(string[] args)
    {
        var partitions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
        var reads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
        using var cluster = KafkaMockCluster.Start();
        cluster.CreateTopic("orders", partitions);
        await cluster.ProduceAsync("orders", 3, [.. Enumerable.Range(0, partitions)]);
        cluster.Commit("workers", "orders", Enumerable.Range(0, partitions).Where(p => p % 2 == 0).ToDictionary(p => p, _ => 1L));

        var factory = new KafkaScalerFactory();
        await using var scaler = factory.Create(new ScalerContext
        {
            Trigger = new ScaleTrigger
            {
                Type = "kafka",
                Metadata = new Dictionary<string, string>
                {
                    ["bootstrapServers"] = cluster.BootstrapServers,
                    ["consumerGroup"] = "workers",
                    ["topic"] = "orders",
                },
            },
            TriggerIndex = 0,
            Namespace = "bench",
            ObjectName = "bench",
            ObjectKind = "ScaledObject",
        });

        // Expected lag: even partitions 3 - 1 = 2, odd partitions have no commit (latest policy: 1 each).
        var expected = (partitions / 2 + partitions % 2) * 2 + partitions / 2;
        var first = await scaler.GetMetricAndActivityAsync(default);
        if (Math.Abs(first.Value - Math.Min(expected, partitions * 10)) > 0.5)
        {
            throw new InvalidOperationException($"unexpected lag {first.Value}, expected {expected}");
        }

        for (var i = 0; i < 20; i++)
        {
            await scaler.GetMetricAndActivityAsync(default); // warm-up
        }

        var samples = new double[reads];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < reads; i++)
        {
            var one = Stopwatch.StartNew();
            await scaler.GetMetricAndActivityAsync(default);
            samples[i] = one.Elapsed.TotalMilliseconds;
        }

        total.Stop();
        Array.Sort(samples);
        Console.WriteLine("| partitions | reads | mean ms/read | p50 | p95 | max | lag read |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        Console.WriteLine(FormattableString.Invariant(
            $"| {partitions} | {reads} | {total.Elapsed.TotalMilliseconds / reads:0.00} | {samples[reads / 2]:0.00} | {samples[(int)(reads * 0.95)]:0.00} | {samples[^1]:0.00} | {first.Value} |"));
    }
}
