namespace Autoscaler.Scalers.AwsS3Events;

/// <summary>How S3 event notifications reach the webhook.</summary>
public enum S3Delivery
{
    /// <summary>The S3 <c>Records</c> JSON POSTed as is (S3-compatible stores, bridges); needs the webhook's HMAC or bearer credential.</summary>
    Direct,

    /// <summary>Through an SNS HTTP(S) subscription: SNS envelopes whose signatures are verified.</summary>
    Sns,
}
