using Autoscaler.Scalers.Kafka;
using Autoscaler.Scalers.Tests.Aws;

namespace Autoscaler.Scalers.Tests.Kafka;

/// <summary>Table tests of the kafka metadata: KEDA's fields, defaults and cross-field rules; errors name the field.</summary>
public sealed class KafkaOptionsTests
{
    private const string Base = "bootstrapServers=kafka:9092;consumerGroup=g";
    private static readonly KafkaScalerFactory Factory = new();

    public static TheoryData<string, string, string> Invalid => new()
    {
        { "consumerGroup=g", "bootstrapServers", "is required" },
        { "bootstrapServers=kafka:9092", "consumerGroup", "is required" },
        { Base + ";lagThreshold=0", "lagThreshold", "greater than 0" },
        { Base + ";lagThreshold=ten", "lagThreshold", "whole number" },
        { Base + ";activationLagThreshold=-1", "activationLagThreshold", "0 or more" },
        { Base + ";offsetResetPolicy=newest", "offsetResetPolicy", "latest, earliest" },
        { Base + ";topic=t;allowIdleConsumers=true;limitToPartitionsWithLag=true", "limitToPartitionsWithLag", "allowIdleConsumers" },
        { Base + ";limitToPartitionsWithLag=true", "limitToPartitionsWithLag", "needs a topic" },
        { Base + ";topic=t;partitionLimitation=1,x", "partitionLimitation", "'x'" },
        { Base + ";topic=t;partitionLimitation=5-2", "partitionLimitation", "'5-2'" },
        { Base + ";excludePersistentLag=maybe", "excludePersistentLag", "true or false" },
        { Base + ";sasl=kerberos", "sasl", "must be one of" },
        { Base + ";sasl=gssapi", "sasl", "not supported" },
        { Base + ";tls=on", "tls", "enable, disable" },
        { "bootstrapServers=a:1,,b:2;consumerGroup=g", "bootstrapServers", "empty broker" },
        { Base + ";lagTreshold=5", "lagTreshold", "did you mean 'lagThreshold'" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidMetadata_ErrorNamesTheField(string metadata, string field, string fragment) =>
        Scalers.AssertError(Scalers.Validate(Factory, SqsQueueOptionsTests.Parse(metadata)), field, fragment);

    [Theory]
    [InlineData(Base)]
    [InlineData(Base + ";topic=orders;lagThreshold=50;activationLagThreshold=3;offsetResetPolicy=earliest")]
    [InlineData(Base + ";topic=orders;partitionLimitation=0,2,10-12;limitToPartitionsWithLag=true")]
    [InlineData(Base + ";allowIdleConsumers=true;excludePersistentLag=true;scaleToZeroOnInvalidOffset=true;version=1.0.0")]
    [InlineData("bootstrapServersFromEnv=BROKERS;consumerGroupFromEnv=GROUP;sasl=scram_sha512;tls=enable")]
    public void ValidMetadata_NoErrors(string metadata) => Assert.Empty(Scalers.Validate(Factory, SqsQueueOptionsTests.Parse(metadata)));

    [Fact]
    public void SaslUserWithoutPassword_ErrorNamesPassword_WithoutEchoingTheUser()
    {
        var errors = new Autoscaler.Validation.ErrorList();
        Autoscaler.Scaling.TriggerMetadataBinder.Bind<KafkaTriggerOptions>(
            Scalers.Trigger("kafka", SqsQueueOptionsTests.Parse(Base), withAuthRef: true),
            new Dictionary<string, string> { ["sasl"] = "plaintext", ["username"] = "alice-secret-user" }, new Dictionary<string, string>(), errors, resolved: true);
        Scalers.AssertError(errors.Errors, "password", "needs both");
        Assert.DoesNotContain("alice-secret-user", errors.Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SaslAndTls_MapToLibrdkafkaSettings()
    {
        var errors = new Autoscaler.Validation.ErrorList();
        var options = Autoscaler.Scaling.TriggerMetadataBinder.Bind<KafkaTriggerOptions>(
            Scalers.Trigger("kafka", SqsQueueOptionsTests.Parse(Base), withAuthRef: true),
            new Dictionary<string, string> { ["sasl"] = "scram_sha256", ["tls"] = "enable", ["username"] = "u", ["password"] = "p", ["unsafeSsl"] = "true" },
            new Dictionary<string, string>(), errors, resolved: true);
        Assert.True(errors.IsEmpty, string.Join("; ", errors.Errors));
        var config = KafkaScalerFactory.ClientConfig(options);
        Assert.Equal(Confluent.Kafka.SecurityProtocol.SaslSsl, config.SecurityProtocol);
        Assert.Equal(Confluent.Kafka.SaslMechanism.ScramSha256, config.SaslMechanism);
        Assert.Equal("u", config.SaslUsername);
        Assert.False(config.EnableSslCertificateVerification);
    }

    [Fact]
    public void Defaults_AreKedas()
    {
        var errors = new Autoscaler.Validation.ErrorList();
        var options = Autoscaler.Scaling.TriggerMetadataBinder.Bind<KafkaTriggerOptions>(
            Scalers.Trigger("kafka", SqsQueueOptionsTests.Parse(Base)), null, null, errors, resolved: false);
        Assert.True(errors.IsEmpty);
        Assert.Equal(10, options.LagThreshold);
        Assert.Equal(0, options.ActivationLagThreshold);
        Assert.Equal("latest", options.OffsetResetPolicy);
        Assert.False(options.AllowIdleConsumers || options.ExcludePersistentLag || options.LimitToPartitionsWithLag || options.ScaleToZeroOnInvalidOffset);
        Assert.Equal("none", options.Sasl);
        Assert.Equal("disable", options.Tls);
    }
}
