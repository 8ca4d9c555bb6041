using Amazon.SQS.Model;
using Autoscaler.Scalers.Aws.Sqs;
using Autoscaler.Scalers.Tests.Servers;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Tests.Aws;

/// <summary>The aws-sqs-queue scaler against the fauxqs emulator on 127.0.0.1.</summary>
public sealed class SqsQueueScalerTests
{
    private static readonly SqsQueueScalerFactory Factory = new();

    private static Dictionary<string, string> Auth => new()
    {
        ["awsAccessKeyID"] = Fauxqs.AccessKey,
        ["awsSecretAccessKey"] = Fauxqs.SecretKey,
    };

    private static Dictionary<string, string> Metadata(Fauxqs server, string queueUrl, params (string Key, string Value)[] extra)
    {
        var metadata = new Dictionary<string, string>
        {
            ["queueURL"] = queueUrl,
            ["awsRegion"] = Fauxqs.Region,
            ["awsEndpoint"] = server.Endpoint,
        };
        foreach (var (key, value) in extra)
        {
            metadata[key] = value;
        }

        return metadata;
    }

    [Fact]
    public async Task Counts_VisibleInFlightAndDelayed_AsKedaDoes()
    {
        await using var server = await Fauxqs.StartAsync();
        using var sqs = server.SqsClient();
        var url = (await sqs.CreateQueueAsync("orders")).QueueUrl;
        for (var i = 0; i < 7; i++)
        {
            await sqs.SendMessageAsync(url, "order " + i);
        }

        // Three are received and not yet deleted: in flight.
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 3, VisibilityTimeout = 300 });
        Assert.Equal(3, received.Messages.Count);
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "later", DelaySeconds = 300 });

        await using var defaults = Scalers.Create(Factory, Metadata(server, url), Auth);
        await using var visibleOnly = Scalers.Create(Factory, Metadata(server, url, ("scaleOnInFlight", "false")), Auth);
        await using var withDelayed = Scalers.Create(Factory, Metadata(server, url, ("scaleOnDelayed", "true")), Auth);
        await using var byName = Scalers.Create(Factory, Metadata(server, "orders", ("activationQueueLength", "7")), Auth);

        Assert.Equal(new MetricReading(7, true), await defaults.GetMetricAndActivityAsync(default)); // 4 visible + 3 in flight
        Assert.Equal(new MetricReading(4, true), await visibleOnly.GetMetricAndActivityAsync(default));
        Assert.Equal(new MetricReading(8, true), await withDelayed.GetMetricAndActivityAsync(default));
        Assert.Equal(new MetricReading(7, false), await byName.GetMetricAndActivityAsync(default)); // not above activationQueueLength
        Assert.Equal(new MetricSpec("s0-aws-sqs-orders", 5, 0, MetricTargetType.AverageValue), defaults.MetricSpec);

        // Deleting what was received empties the in-flight count.
        foreach (var message in received.Messages)
        {
            await sqs.DeleteMessageAsync(url, message.ReceiptHandle);
        }

        Assert.Equal(new MetricReading(4, true), await defaults.GetMetricAndActivityAsync(default));
    }

    [Fact]
    public async Task EmptyQueue_ReadsZero_Inactive()
    {
        await using var server = await Fauxqs.StartAsync();
        using var sqs = server.SqsClient();
        var url = (await sqs.CreateQueueAsync("empty")).QueueUrl;
        await using var scaler = Scalers.Create(Factory, Metadata(server, url), Auth);
        Assert.Equal(new MetricReading(0, false), await scaler.GetMetricAndActivityAsync(default));
    }

    [Fact]
    public async Task ServerStoppedMidTest_ReadFailsWithinTheTimeout_AndTheSameScalerRecovers()
    {
        await using var server = await Fauxqs.StartAsync();
        using var sqs = server.SqsClient();
        var url = (await sqs.CreateQueueAsync("orders")).QueueUrl;
        await sqs.SendMessageAsync(url, "one");
        await using var scaler = Scalers.Create(Factory, Metadata(server, url), Auth);
        Assert.Equal(1, (await scaler.GetMetricAndActivityAsync(default)).Value);

        await server.StopAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await scaler.GetMetricAndActivityAsync(timeout.Token));
            Assert.False(timeout.IsCancellationRequested, "the read should fail by itself (connection refused), not hang until cancelled");
            Assert.DoesNotContain(Fauxqs.SecretKey, failure.ToString(), StringComparison.Ordinal);
        }

        // Back up (empty: the emulator keeps state in memory): the queue is missing, then recreated; the same client reads again.
        await server.RestartAsync();
        var missing = await Assert.ThrowsAnyAsync<Exception>(async () => await scaler.GetMetricAndActivityAsync(default));
        Assert.Contains("exist", missing.Message, StringComparison.OrdinalIgnoreCase);
        using var sqs2 = server.SqsClient();
        Assert.Equal(url, (await sqs2.CreateQueueAsync("orders")).QueueUrl);
        await sqs2.SendMessageAsync(url, "two");
        await sqs2.SendMessageAsync(url, "three");
        Assert.Equal(new MetricReading(2, true), await scaler.GetMetricAndActivityAsync(default));
    }

    [Fact]
    public async Task Dispose_DisposesTheClient()
    {
        await using var server = await Fauxqs.StartAsync();
        using var sqs = server.SqsClient();
        var url = (await sqs.CreateQueueAsync("orders")).QueueUrl;
        var scaler = Scalers.Create(Factory, Metadata(server, url), Auth);
        Assert.Equal(0, (await scaler.GetMetricAndActivityAsync(default)).Value);
        await scaler.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await scaler.GetMetricAndActivityAsync(default));
    }
}
