using Autoscaler.Events;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.AwsS3Events;

/// <summary>Builds <c>aws-s3-events</c> scalers: the hub's event scaler fed by <see cref="S3Webhook"/>.</summary>
public sealed class S3EventsScalerFactory : ScalerFactory<S3EventsTriggerOptions>
{
    /// <summary>The trigger type name.</summary>
    public const string TypeName = "aws-s3-events";

    private readonly IEventHub _hub;

    /// <summary>Creates the factory.</summary>
    public S3EventsScalerFactory(IEventHub hub) => _hub = hub;

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <inheritdoc />
    protected override IScaler CreateScaler(S3EventsTriggerOptions options, ScalerContext context) =>
        _hub.CreateScaler(context, options, new S3Webhook(options, options.Delivery == S3Delivery.Sns ? new SnsVerifier(options) : null));
}
