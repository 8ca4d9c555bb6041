using Autoscaler.Events;
using Autoscaler.Model;
using Autoscaler.Scalers.AwsS3Events;
using Autoscaler.Scalers.AzureEventGrid;
using Autoscaler.Scalers.CloudEvents;
using Autoscaler.Scalers.Mqtt;
using Autoscaler.Scaling;
using Autoscaler.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace Autoscaler.Push.Tests;

/// <summary>Load-time validation of the push triggers' metadata: a table of valid and invalid cases.</summary>
public sealed class TriggerMetadataTests
{
    private static readonly IServiceProvider NoHub = new ServiceCollection().BuildServiceProvider();

    public static TheoryData<string, string, string?> Cases => new()
    {
        // type, metadata (k=v;k=v), expected error path (null: valid)
        { "cloudevents", "", null },
        { "cloudevents", "metric=pending;pendingTimeout=10m;types=io.example.*", null },
        { "cloudevents", "window=0s", "metadata.window" },
        { "cloudevents", "window=2h", "metadata.window" },
        { "cloudevents", "window=1500ms", "metadata.window" },
        { "cloudevents", "targetValue=0", "metadata.targetValue" },
        { "cloudevents", "metric=fastest", "metadata.metric" },
        { "cloudevents", "jobEnv=1BAD=id", "metadata.jobEnv" },
        { "cloudevents", "jobEnv=GOOD", "metadata.jobEnv" },
        { "cloudevents", "jobEnv=A=data.x, B=source", null },
        { "cloudevents", "maxQueuedEvents=0", "metadata.maxQueuedEvents" },
        { "cloudevents", "maxBodySize=0", "metadata.maxBodySize" },
        { "cloudevents", "rateLimit=-1", "metadata.rateLimit" },
        { "cloudevents", "typs=x", "metadata.typs" },
        { "cloudevents", "hmacSecret=inline", "metadata.hmacSecret" },
        { "aws-s3-events", "", null },
        { "aws-s3-events", "delivery=sns", "metadata.snsTopicArns" },
        { "aws-s3-events", "delivery=sns;snsTopicArns=arn:aws:sns:eu-west-1:1:t", null },
        { "aws-s3-events", "delivery=email", "metadata.delivery" },
        { "azure-event-grid", "schema=cloudEvents;eventTypes=Microsoft.Storage.Blob*", null },
        { "azure-event-grid", "schema=xml", "metadata.schema" },
        { "mqtt", "brokerUrl=mqtt://127.0.0.1:1883;topic=a/+/b", null },
        { "mqtt", "topic=a/#", "metadata.brokerUrl" },
        { "mqtt", "brokerUrl=http://x;topic=a", "metadata.brokerUrl" },
        { "mqtt", "brokerUrl=mqtt://x;topic=a/#/b", "metadata.topic" },
        { "mqtt", "brokerUrl=mqtt://x;topic=a;qos=3", "metadata.qos" },
        { "mqtt", "brokerUrl=mqtt://x;topic=a;reconnectDelay=10s;reconnectMaxDelay=1s", "metadata.reconnectMaxDelay" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_Metadata_ErrorNamesTheField(string type, string metadata, string? expected)
    {
        IScalerFactory factory = type switch
        {
            "cloudevents" => new CloudEventsScalerFactory(NoHub),
            "aws-s3-events" => new S3EventsScalerFactory(NoHub),
            "azure-event-grid" => new EventGridScalerFactory(NoHub),
            _ => new MqttScalerFactory(NoHub),
        };
        var trigger = new ScaleTrigger { Type = type };
        foreach (var pair in metadata.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            trigger.Metadata[pair[..eq]] = pair[(eq + 1)..];
        }

        var errors = new ErrorList();
        factory.Validate(trigger, errors);
        if (expected is null)
        {
            Assert.True(errors.IsEmpty, string.Join("; ", errors.Errors));
        }
        else
        {
            Assert.Contains(errors.Errors, e => e.Path == expected);
        }
    }
}
