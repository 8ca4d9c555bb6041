using Autoscaler.Events;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.AwsS3Events;

/// <summary>Builds <c>aws-s3-events</c> scalers: the hub's event scaler fed by <see cref="S3Webhook"/>.</summary>
public sealed class S3EventsScalerFactory : ScalerFactory<S3EventsTriggerOptions>
{
    /// <summary>The trigger type name.</summary>
    public const string TypeName = "aws-s3-events";

    private readonly IServiceProvider _services;

    /// <summary>
    /// Creates the factory. The <see cref="IEventHub"/> is looked up when a scaler is built, so tools that only
    /// validate (the CLI) need no hub.
    /// </summary>
    public S3EventsScalerFactory(IServiceProvider services) => _services = services;

    private IEventHub Hub => _services.GetService(typeof(IEventHub)) as IEventHub
        ?? throw new ScalerConfigurationException("push triggers need the event hub; the host must call AddPushEvents()");

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <inheritdoc />
    protected override IScaler CreateScaler(S3EventsTriggerOptions options, ScalerContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var sns = options.Delivery == S3Delivery.Sns
            ? new SnsVerifier(options, SnsCertificateTrust.Load(options.SnsCaFile, context.TimeProvider))
            : null;
        return Hub.CreateScaler(context, options, new S3Webhook(options, sns));
    }
}
