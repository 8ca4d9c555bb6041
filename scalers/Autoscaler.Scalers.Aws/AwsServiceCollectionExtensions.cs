using Autoscaler.Scalers.Aws.S3;
using Autoscaler.Scalers.Aws.Sqs;
using Autoscaler.Scaling;
using Microsoft.Extensions.DependencyInjection;

namespace Autoscaler.Scalers.Aws;

/// <summary>Registers the AWS scalers.</summary>
public static class AwsServiceCollectionExtensions
{
    /// <summary>Adds the <c>aws-sqs-queue</c> trigger type.</summary>
    public static IServiceCollection AddAwsSqsQueueScaler(this IServiceCollection services) => services.AddScaler<SqsQueueScalerFactory>();

    /// <summary>Adds the <c>aws-s3</c> trigger type.</summary>
    public static IServiceCollection AddAwsS3Scaler(this IServiceCollection services) => services.AddScaler<S3ObjectsScalerFactory>();
}
