using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Autoscaler.Scalers.Aws;

/// <summary>Turns the shared AWS options into SDK credentials and client settings, as KEDA resolves them.</summary>
internal static class AwsClientSettings
{
    /// <summary>The longest one SDK call may take; the control loop's read timeout bounds the whole read as well.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The SDK's default chain when <c>podIdentity: aws</c> or <c>identityOwner: operator</c>; else static keys when given;
    /// else the default chain too (embedded mode then runs as the user's own identity). <c>awsRoleArn</c> is assumed on top.
    /// </summary>
    public static AWSCredentials Credentials(AwsTriggerOptions options)
    {
        var ambient = options.PodIdentity == "aws" || options.IdentityOwner == "operator";
        AWSCredentials credentials = !ambient && options.AwsAccessKeyId is { Length: > 0 } id && options.AwsSecretAccessKey is { Length: > 0 } secret
            ? options.AwsSessionToken is { Length: > 0 } token
                ? new SessionAWSCredentials(id, secret, token)
                : new BasicAWSCredentials(id, secret)
            : DefaultAWSCredentialsIdentityResolver.GetCredentials();
        if (options.AwsRoleArn is { Length: > 0 } role)
        {
            credentials = new AssumeRoleAWSCredentials(credentials, role, "autoscaler");
        }

        return credentials;
    }

    /// <summary>Applies region, endpoint and timeouts to a client config.</summary>
    public static void Apply(ClientConfig config, AwsTriggerOptions options)
    {
        if (options.AwsEndpoint is { Length: > 0 } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = options.AwsRegion;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.AwsRegion);
        }

        config.Timeout = RequestTimeout;
        config.MaxErrorRetry = 1;
    }
}
