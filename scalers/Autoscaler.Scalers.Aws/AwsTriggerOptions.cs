using Autoscaler.Scaling;
using Autoscaler.Validation;

namespace Autoscaler.Scalers.Aws;

/// <summary>
/// The AWS fields every AWS trigger shares, with KEDA's names: region, endpoint and the authentication parameters
/// (<c>awsAccessKeyID</c>, <c>awsSecretAccessKey</c>, <c>awsSessionToken</c>, <c>awsRoleArn</c>, <c>identityOwner</c>,
/// and <c>podIdentity: aws</c> from a TriggerAuthentication).
/// </summary>
public abstract class AwsTriggerOptions : IValidatableTriggerOptions
{
    /// <summary>The AWS region, for example <c>eu-west-1</c>. Required (as in KEDA).</summary>
    [TriggerField("awsRegion", Sources = TriggerFieldSource.MetadataOrEnv)]
    public string AwsRegion { get; set; } = "";

    /// <summary>
    /// An endpoint URL that replaces AWS's (LocalStack, fauxqs, MinIO, a VPC endpoint). Optional; when set, requests are
    /// signed for <see cref="AwsRegion"/>.
    /// </summary>
    [TriggerField("awsEndpoint", Optional = true, Sources = TriggerFieldSource.MetadataOrEnv)]
    public string? AwsEndpoint { get; set; }

    /// <summary>
    /// KEDA's legacy switch: <c>pod</c> (the default) uses the trigger's own credentials; <c>operator</c> uses the
    /// autoscaler's own identity (the SDK's default credential chain).
    /// </summary>
    [TriggerField("identityOwner", Default = "pod", AllowedValues = ["pod", "operator"])]
    public string IdentityOwner { get; set; } = "pod";

    /// <summary>An access key id. From a TriggerAuthentication (or <c>awsAccessKeyIDFromEnv</c>).</summary>
    [TriggerField("awsAccessKeyID", Optional = true, Sources = TriggerFieldSource.Env | TriggerFieldSource.Auth, Secret = true)]
    public string? AwsAccessKeyId { get; set; }

    /// <summary>The secret access key. From a TriggerAuthentication (or <c>awsSecretAccessKeyFromEnv</c>). Secret.</summary>
    [TriggerField("awsSecretAccessKey", Optional = true, Sources = TriggerFieldSource.Env | TriggerFieldSource.Auth, Secret = true)]
    public string? AwsSecretAccessKey { get; set; }

    /// <summary>A session token for temporary credentials. From a TriggerAuthentication. Secret.</summary>
    [TriggerField("awsSessionToken", Optional = true, Sources = TriggerFieldSource.Auth, Secret = true)]
    public string? AwsSessionToken { get; set; }

    /// <summary>A role to assume (through STS) with the resolved credentials. From a TriggerAuthentication or the metadata.</summary>
    [TriggerField("awsRoleArn", Optional = true, Sources = TriggerFieldSource.Metadata | TriggerFieldSource.Auth)]
    public string? AwsRoleArn { get; set; }

    /// <summary>
    /// <c>aws</c> when the TriggerAuthentication says <c>podIdentity.provider: aws</c> (set by the auth resolver):
    /// credentials come from the SDK's default chain (environment, profile, web identity, instance or container role).
    /// </summary>
    [TriggerField("podIdentity", Optional = true, Sources = TriggerFieldSource.Auth)]
    public string? PodIdentity { get; set; }

    /// <inheritdoc />
    public virtual void Validate(ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (AwsEndpoint is { Length: > 0 } endpoint
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add("awsEndpoint", $"must be an absolute http(s) URL, got '{endpoint}'");
        }

        if (string.IsNullOrEmpty(AwsAccessKeyId) != string.IsNullOrEmpty(AwsSecretAccessKey))
        {
            errors.Add(string.IsNullOrEmpty(AwsAccessKeyId) ? "awsAccessKeyID" : "awsSecretAccessKey",
                "awsAccessKeyID and awsSecretAccessKey must be given together");
        }

        if (AwsRegion.Any(char.IsWhiteSpace))
        {
            errors.Add("awsRegion", $"must be a region name such as eu-west-1, got '{AwsRegion}'");
        }
    }
}
