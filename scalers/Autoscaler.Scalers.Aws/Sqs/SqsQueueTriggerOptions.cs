using Autoscaler.Scaling;
using Autoscaler.Validation;

namespace Autoscaler.Scalers.Aws.Sqs;

/// <summary>The <c>aws-sqs-queue</c> trigger's metadata, with KEDA's field names and defaults.</summary>
public sealed class SqsQueueTriggerOptions : AwsTriggerOptions
{
    /// <summary>The queue's full URL (or <c>queueURLFromEnv</c>); a bare queue name is looked up once with GetQueueUrl. Required.</summary>
    [TriggerField("queueURL", Sources = TriggerFieldSource.MetadataOrEnv)]
    public string QueueUrl { get; set; } = "";

    /// <summary>Target messages per replica. The default is 5.</summary>
    [TriggerField("queueLength", Default = "5")]
    public long QueueLength { get; set; } = 5;

    /// <summary>The trigger is active while the count is above this. The default is 0.</summary>
    [TriggerField("activationQueueLength", Default = "0")]
    public long ActivationQueueLength { get; set; }

    /// <summary>Whether in-flight messages (received, not yet deleted) count. The default is true.</summary>
    [TriggerField("scaleOnInFlight", Default = "true")]
    public bool ScaleOnInFlight { get; set; } = true;

    /// <summary>Whether delayed messages count. The default is false.</summary>
    [TriggerField("scaleOnDelayed", Default = "false")]
    public bool ScaleOnDelayed { get; set; }

    /// <summary>The queue's name: the last segment of <see cref="QueueUrl"/>.</summary>
    internal string QueueName => QueueUrl.TrimEnd('/').Split('/')[^1];

    /// <summary>Whether <see cref="QueueUrl"/> is a full URL (else a name to look up).</summary>
    internal bool IsFullUrl => Uri.TryCreate(QueueUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <inheritdoc />
    public override void Validate(ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        base.Validate(errors);
        if (QueueUrl.Length > 0 && !IsFullUrl && QueueUrl.Contains(':', StringComparison.Ordinal))
        {
            errors.Add("queueURL", $"must be a queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME) or a queue name, got '{QueueUrl}'");
        }

        if (QueueLength <= 0)
        {
            errors.Add("queueLength", $"must be greater than 0, got {QueueLength}");
        }

        if (ActivationQueueLength < 0)
        {
            errors.Add("activationQueueLength", $"must be 0 or more, got {ActivationQueueLength}");
        }
    }
}
