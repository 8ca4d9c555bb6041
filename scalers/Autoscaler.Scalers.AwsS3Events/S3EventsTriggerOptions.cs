using Autoscaler.Events;
using Autoscaler.Scaling;
using Autoscaler.Validation;

namespace Autoscaler.Scalers.AwsS3Events;

/// <summary>The <c>aws-s3-events</c> trigger's metadata: the shared push fields, delivery, SNS trust and filters.</summary>
public sealed class S3EventsTriggerOptions : PushTriggerOptions
{
    /// <summary><c>direct</c> (the default) or <c>sns</c>.</summary>
    [TriggerField("delivery", Default = "direct")]
    public S3Delivery Delivery { get; set; }

    /// <summary>SNS: the topic ARNs whose subscriptions are confirmed and whose notifications are accepted, comma-separated. Required with <c>delivery: sns</c>.</summary>
    [TriggerField("snsTopicArns", Optional = true)]
    public string? SnsTopicArns { get; set; }

    /// <summary>SNS: hosts trusted for <c>SigningCertURL</c> and <c>SubscribeURL</c>, comma-separated, <c>*</c> matching one DNS label. The default is <c>sns.*.amazonaws.com</c>.</summary>
    [TriggerField("snsTrustedHosts", Default = "sns.*.amazonaws.com")]
    public string SnsTrustedHosts { get; set; } = "";

    /// <summary>SNS: also trust <c>http</c> certificate and subscribe URLs (test setups only). The default is false: https only.</summary>
    [TriggerField("snsAllowHttp", Default = "false")]
    public bool SnsAllowHttp { get; set; }

    /// <summary>
    /// SNS: a PEM file of CA certificates trusted as roots for the signing certificate's chain, in addition to the
    /// system's roots (for a private SNS-compatible service, or tests). The default is none: the system's roots only.
    /// </summary>
    [TriggerField("snsCaFile", Optional = true)]
    public string? SnsCaFile { get; set; }

    /// <summary>Count only this bucket's events. The default is every bucket.</summary>
    [TriggerField("bucketName", Optional = true)]
    public string? BucketName { get; set; }

    /// <summary>Count only keys starting with this. The default is no filter.</summary>
    [TriggerField("keyPrefix", Optional = true)]
    public string? KeyPrefix { get; set; }

    /// <summary>Count only keys ending with this. The default is no filter.</summary>
    [TriggerField("keySuffix", Optional = true)]
    public string? KeySuffix { get; set; }

    /// <summary>Event names to count, comma-separated, with or without <c>s3:</c> (<c>ObjectCreated:*</c>, <c>ObjectRemoved:Delete</c>). The default is every event.</summary>
    [TriggerField("eventNames", Optional = true)]
    public string? EventNames { get; set; }

    /// <inheritdoc />
    public override void Validate(ErrorList errors)
    {
        base.Validate(errors);
        ArgumentNullException.ThrowIfNull(errors);
        if (Delivery == S3Delivery.Sns && string.IsNullOrWhiteSpace(SnsTopicArns))
        {
            errors.Add("snsTopicArns", "is required with delivery: sns (only these topics' subscriptions are confirmed)");
        }
    }
}
