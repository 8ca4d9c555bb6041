using Autoscaler.Model;
using Autoscaler.Scaling;
using Autoscaler.Validation;

namespace Autoscaler.Tests.Configuration;

public sealed class TriggerMetadataBinderTests
{
    [IgnoredTriggerFields("metricName")]
    public sealed class Options
    {
        [TriggerField("queueURL", Sources = TriggerFieldSource.MetadataOrEnv)]
        public string QueueUrl { get; set; } = "";

        [TriggerField("queueLength", Default = "5")]
        public int QueueLength { get; set; }

        [TriggerField("scaleOnInFlight", Default = "true")]
        public bool ScaleOnInFlight { get; set; }

        [TriggerField("awsSecretAccessKey", Optional = true, Sources = TriggerFieldSource.Auth, Secret = true)]
        public string? SecretKey { get; set; }

        [TriggerField("timeout", Default = "3s")]
        public TimeSpan Timeout { get; set; }

        [TriggerField("policy", Default = "latest", AllowedValues = ["latest", "earliest"])]
        public string Policy { get; set; } = "";
    }

    private static (Options Options, IReadOnlyList<FieldError> Errors) Bind(Dictionary<string, string> metadata, Dictionary<string, string>? auth = null, Dictionary<string, string>? env = null, bool resolved = true, bool withAuthRef = false)
    {
        var trigger = new ScaleTrigger { Type = "x", Metadata = metadata, AuthenticationRef = withAuthRef ? new AuthenticationRef { Name = "a" } : null };
        var errors = new ErrorList();
        var options = TriggerMetadataBinder.Bind<Options>(trigger, auth, env, errors.At("spec.triggers[0]"), resolved);
        return (options, errors.Errors);
    }

    [Fact]
    public void Defaults_FillWhatIsNotGiven()
    {
        var (options, errors) = Bind(new() { ["queueURL"] = "q" });

        Assert.Empty(errors);
        Assert.Equal(5, options.QueueLength);
        Assert.True(options.ScaleOnInFlight);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Timeout);
        Assert.Equal("latest", options.Policy);
    }

    [Fact]
    public void FromEnv_ReadsTheNamedVariable_AtRunTime_AndIsNotRequiredAtLoad()
    {
        var atLoad = Bind(new() { ["queueURLFromEnv"] = "QUEUE" }, resolved: false);
        Assert.Empty(atLoad.Errors);

        var atRun = Bind(new() { ["queueURLFromEnv"] = "QUEUE" }, env: new() { ["QUEUE"] = "https://sqs/q" });
        Assert.Equal("https://sqs/q", atRun.Options.QueueUrl);

        var missing = Bind(new() { ["queueURLFromEnv"] = "QUEUE" }, env: new());
        Assert.Equal("spec.triggers[0].metadata.queueURLFromEnv", Assert.Single(missing.Errors).Path);
    }

    [Fact]
    public void AuthOnlyField_IsReadFromAuthParameters()
    {
        var (options, errors) = Bind(new() { ["queueURL"] = "q" }, auth: new() { ["awsSecretAccessKey"] = "s3cr3t" });
        Assert.Empty(errors);
        Assert.Equal("s3cr3t", options.SecretKey);
    }

    [Theory]
    [InlineData("queueLength", "five", "spec.triggers[0].metadata.queueLength", "invalid value 'five': must be a whole number")]
    [InlineData("scaleOnInFlight", "yes", "spec.triggers[0].metadata.scaleOnInFlight", "must be true or false")]
    [InlineData("timeout", "soon", "spec.triggers[0].metadata.timeout", "must be a duration")]
    [InlineData("policy", "newest", "spec.triggers[0].metadata.policy", "must be one of latest, earliest")]
    [InlineData("queueLenght", "5", "spec.triggers[0].metadata.queueLenght", "unknown field (did you mean 'queueLength'?)")]
    public void BadValue_NamesTheField(string key, string value, string path, string words)
    {
        var (_, errors) = Bind(new() { ["queueURL"] = "q", [key] = value });

        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingRequired_IsAnError_AndIgnoredKedaKeysAreAccepted()
    {
        var (_, errors) = Bind(new() { ["metricName"] = "legacy" });

        Assert.Equal("spec.triggers[0].metadata.queueURL", Assert.Single(errors).Path);
    }
}
