using Amazon.S3;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Aws.S3;

/// <summary>Builds <c>aws-s3</c> scalers.</summary>
public sealed class S3ObjectsScalerFactory : ScalerFactory<S3ObjectsTriggerOptions>
{
    /// <summary>The trigger type name.</summary>
    public const string TypeName = "aws-s3";

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <inheritdoc />
    protected override IScaler CreateScaler(S3ObjectsTriggerOptions options, ScalerContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config();
        AwsClientSettings.Apply(config, options);
        config.ForcePathStyle = options.ForcePathStyle ?? options.AwsEndpoint is { Length: > 0 };
        var client = new AmazonS3Client(AwsClientSettings.Credentials(options), config);
        return new S3ObjectsScaler(options, context, client);
    }
}
