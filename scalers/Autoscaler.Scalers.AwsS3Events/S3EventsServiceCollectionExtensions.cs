using Autoscaler.Scaling;
using Microsoft.Extensions.DependencyInjection;

namespace Autoscaler.Scalers.AwsS3Events;

/// <summary>Registers the S3 event-notification push trigger.</summary>
public static class S3EventsServiceCollectionExtensions
{
    /// <summary>Adds the <c>aws-s3-events</c> trigger type. Needs an <see cref="Autoscaler.Events.IEventHub"/> (AddPushEvents).</summary>
    public static IServiceCollection AddAwsS3EventsScaler(this IServiceCollection services) => services.AddScaler<S3EventsScalerFactory>();
}
