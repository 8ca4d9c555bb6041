using Autoscaler.Scalers.Aws.Sqs;

namespace Autoscaler.Scalers.Tests.Aws;

/// <summary>Table tests of the aws-sqs-queue metadata: KEDA's fields and defaults, and errors that name the field.</summary>
public sealed class SqsQueueOptionsTests
{
    private const string Url = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders";
    private static readonly SqsQueueScalerFactory Factory = new();

    public static TheoryData<string, string, string, string> Invalid => new()
    {
        // name, metadata (k=v;k=v), field, message fragment
        { "missing queueURL", "awsRegion=eu-west-1", "queueURL", "is required" },
        { "missing awsRegion", $"queueURL={Url}", "awsRegion", "is required" },
        { "queueLength zero", $"queueURL={Url};awsRegion=eu-west-1;queueLength=0", "queueLength", "greater than 0" },
        { "queueLength text", $"queueURL={Url};awsRegion=eu-west-1;queueLength=five", "queueLength", "whole number" },
        { "negative activation", $"queueURL={Url};awsRegion=eu-west-1;activationQueueLength=-1", "activationQueueLength", "0 or more" },
        { "scaleOnInFlight not bool", $"queueURL={Url};awsRegion=eu-west-1;scaleOnInFlight=yes", "scaleOnInFlight", "true or false" },
        { "scaleOnDelayed not bool", $"queueURL={Url};awsRegion=eu-west-1;scaleOnDelayed=1", "scaleOnDelayed", "true or false" },
        { "bad endpoint", $"queueURL={Url};awsRegion=eu-west-1;awsEndpoint=localhost:4566", "awsEndpoint", "absolute http(s) URL" },
        { "bad identityOwner", $"queueURL={Url};awsRegion=eu-west-1;identityOwner=keda", "identityOwner", "pod, operator" },
        { "typo", $"queueURL={Url};awsRegion=eu-west-1;queueLenght=3", "queueLenght", "did you mean 'queueLength'" },
        { "bad queueURL", "queueURL=ftp://x/y;awsRegion=eu-west-1", "queueURL", "queue URL" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidMetadata_ErrorNamesTheField(string name, string metadata, string field, string fragment)
    {
        Assert.NotNull(name);
        Scalers.AssertError(Scalers.Validate(Factory, Parse(metadata)), field, fragment);
    }

    [Theory]
    [InlineData($"queueURL={Url};awsRegion=eu-west-1")]
    [InlineData("queueURL=orders;awsRegion=eu-west-1;queueLength=10;activationQueueLength=2")]
    [InlineData("queueURLFromEnv=QUEUE_URL;awsRegion=eu-west-1")]
    [InlineData($"queueURL={Url};awsRegion=eu-west-1;identityOwner=operator;scaleOnInFlight=false;scaleOnDelayed=true")]
    [InlineData($"queueURL={Url};awsRegion=eu-west-1;awsEndpoint=http://127.0.0.1:4566;awsAccessKeyIDFromEnv=AK;awsSecretAccessKeyFromEnv=SK")]
    public void ValidMetadata_NoErrors(string metadata) => Assert.Empty(Scalers.Validate(Factory, Parse(metadata)));

    [Fact]
    public void KeyIdWithoutSecret_ErrorNamesTheMissingOne_AndNeverEchoesTheKey()
    {
        var errors = new Autoscaler.Validation.ErrorList();
        Autoscaler.Scaling.TriggerMetadataBinder.Bind<SqsQueueTriggerOptions>(
            Scalers.Trigger(Factory.Type, Parse($"queueURL={Url};awsRegion=eu-west-1"), withAuthRef: true),
            new Dictionary<string, string> { ["awsAccessKeyID"] = "AKIASECRETVALUE" }, new Dictionary<string, string>(), errors, resolved: true);
        Scalers.AssertError(errors.Errors, "awsSecretAccessKey", "together");
        Assert.DoesNotContain("AKIASECRETVALUE", errors.Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AreKedas()
    {
        var errors = new Autoscaler.Validation.ErrorList();
        var options = Autoscaler.Scaling.TriggerMetadataBinder.Bind<SqsQueueTriggerOptions>(
            Scalers.Trigger(Factory.Type, Parse($"queueURL={Url};awsRegion=eu-west-1")), null, null, errors, resolved: false);
        Assert.True(errors.IsEmpty);
        Assert.Equal(5, options.QueueLength);
        Assert.Equal(0, options.ActivationQueueLength);
        Assert.True(options.ScaleOnInFlight);
        Assert.False(options.ScaleOnDelayed);
        Assert.Equal("pod", options.IdentityOwner);
        Assert.Equal("orders", options.QueueName);
    }

    internal static Dictionary<string, string> Parse(string metadata) =>
        metadata.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
}
