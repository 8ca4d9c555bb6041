using Autoscaler.Model;
using Autoscaler.Runtime;
using Autoscaler.Runtime.Auth;
using Autoscaler.Runtime.Resources;
using Autoscaler.Scalers.Aws.Sqs;
using Autoscaler.Scaling;
using Autoscaler.Validation;
using Microsoft.Extensions.Options;

namespace Autoscaler.Scalers.Tests.Auth;

/// <summary>The embedded resolver: secret files, ClusterTriggerAuthentication, podIdentity aws, and errors that name but never show.</summary>
public sealed class EmbeddedTriggerAuthResolverTests : IDisposable
{
    private readonly string _secrets = Directory.CreateTempSubdirectory("autoscaler-secrets-").FullName;
    private readonly ResourceStore _store = new();

    public void Dispose() => Directory.Delete(_secrets, recursive: true);

    private EmbeddedTriggerAuthResolver Resolver() =>
        new(_store, Options.Create(new AutoscalerOptions { SecretsPath = _secrets }));

    private static ScaleTrigger Trigger(string name, string? kind = null) => new()
    {
        Type = "aws-sqs-queue",
        AuthenticationRef = new AuthenticationRef { Name = name, Kind = kind ?? TriggerAuthentication.KindName },
    };

    private void Add(string kind, string ns, string name, TriggerAuthenticationSpec spec) =>
        _store.Upsert("test", new TriggerAuthentication { Kind = kind, Metadata = new ObjectMeta { Name = name, Namespace = ns }, Spec = spec }, "test.yaml");

    [Fact]
    public async Task PodIdentityAws_BecomesPodIdentityAndRoleArnParameters_WhichTheSqsOptionsBind()
    {
        Add(TriggerAuthentication.KindName, "shop", "irsa", new TriggerAuthenticationSpec
        {
            PodIdentity = new PodIdentity { Provider = "aws-eks", RoleArn = "arn:aws:iam::123456789012:role/reader" },
        });
        var resolved = await Resolver().ResolveAsync(Trigger("irsa"), "shop", default);
        Assert.Equal("aws", resolved.Parameters["podIdentity"]);
        Assert.Equal("arn:aws:iam::123456789012:role/reader", resolved.Parameters["awsRoleArn"]);

        var errors = new ErrorList();
        var trigger = Trigger("irsa");
        trigger.Metadata["queueURL"] = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders";
        trigger.Metadata["awsRegion"] = "eu-west-1";
        var options = TriggerMetadataBinder.Bind<SqsQueueTriggerOptions>(trigger, resolved.Parameters, resolved.Environment, errors, resolved: true);
        Assert.True(errors.IsEmpty, string.Join("; ", errors.Errors));
        Assert.Equal("aws", options.PodIdentity);
        Assert.Equal("arn:aws:iam::123456789012:role/reader", options.AwsRoleArn);
    }

    [Fact]
    public async Task ClusterTriggerAuthentication_ReadsSecretsFromTheDefaultNamespaceFolder()
    {
        Directory.CreateDirectory(Path.Combine(_secrets, "default", "shared"));
        await File.WriteAllTextAsync(Path.Combine(_secrets, "default", "shared", "token"), "tok-123\n");
        Add(TriggerAuthentication.ClusterKindName, "", "shared", new TriggerAuthenticationSpec
        {
            SecretTargetRef = [new SecretTargetRef { Parameter = "bearerToken", Name = "shared", Key = "token" }],
        });
        var resolved = await Resolver().ResolveAsync(Trigger("shared", TriggerAuthentication.ClusterKindName), "any-namespace", default);
        Assert.Equal("tok-123", resolved.Parameters["bearerToken"]);
    }

    [Fact]
    public async Task MissingSecretFile_ErrorNamesSecretKeyAndParameter()
    {
        Add(TriggerAuthentication.KindName, "shop", "creds", new TriggerAuthenticationSpec
        {
            SecretTargetRef = [new SecretTargetRef { Parameter = "password", Name = "kafka", Key = "pw" }],
        });
        var error = await Assert.ThrowsAsync<ScalerConfigurationException>(async () => await Resolver().ResolveAsync(Trigger("creds"), "shop", default));
        Assert.Contains("'kafka'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'pw'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'password'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownReference_ErrorNamesItAndTheNamespace()
    {
        var error = await Assert.ThrowsAsync<ScalerConfigurationException>(async () => await Resolver().ResolveAsync(Trigger("nope"), "shop", default));
        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'shop'", error.Message, StringComparison.Ordinal);
    }
}
