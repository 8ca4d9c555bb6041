using Amazon.SQS;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Aws.Sqs;

/// <summary>Builds <c>aws-sqs-queue</c> scalers.</summary>
public sealed class SqsQueueScalerFactory : ScalerFactory<SqsQueueTriggerOptions>
{
    /// <summary>The trigger type name (KEDA's).</summary>
    public const string TypeName = "aws-sqs-queue";

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <inheritdoc />
    protected override IScaler CreateScaler(SqsQueueTriggerOptions options, ScalerContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonSQSConfig();
        AwsClientSettings.Apply(config, options);
        var client = new AmazonSQSClient(AwsClientSettings.Credentials(options), config);
        return new SqsQueueScaler(options, context, client);
    }
}
