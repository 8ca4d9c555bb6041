using System.Globalization;
using Autoscaler.Scaling;
using Autoscaler.Validation;

namespace Autoscaler.Scalers.Kafka;

/// <summary>The <c>kafka</c> trigger's metadata, with KEDA's field names, defaults and rules.</summary>
[IgnoredTriggerFields("version", "ensureEvenDistributionOfPartitions", "awsRegion")]
public sealed class KafkaTriggerOptions : IValidatableTriggerOptions
{
    /// <summary>Comma-separated brokers, <c>host:port</c>. Required (or <c>bootstrapServersFromEnv</c>).</summary>
    [TriggerField("bootstrapServers", Sources = TriggerFieldSource.MetadataOrEnv)]
    public string BootstrapServers { get; set; } = "";

    /// <summary>The consumer group whose lag is read. Required (or <c>consumerGroupFromEnv</c>).</summary>
    [TriggerField("consumerGroup", Sources = TriggerFieldSource.MetadataOrEnv)]
    public string ConsumerGroup { get; set; } = "";

    /// <summary>The topic. Empty (the default) means every topic the group has committed offsets for.</summary>
    [TriggerField("topic", Optional = true, Sources = TriggerFieldSource.MetadataOrEnv)]
    public string Topic { get; set; } = "";

    /// <summary>Target lag per replica. The default is 10; greater than 0.</summary>
    [TriggerField("lagThreshold", Default = "10")]
    public long LagThreshold { get; set; } = 10;

    /// <summary>The trigger is active while the lag is above this. The default is 0.</summary>
    [TriggerField("activationLagThreshold", Default = "0")]
    public long ActivationLagThreshold { get; set; }

    /// <summary>
    /// Where a consumer with no committed offset would start: <c>latest</c> (the default; such a partition counts as a lag of 1,
    /// or 0 with <see cref="ScaleToZeroOnInvalidOffset"/>) or <c>earliest</c> (the partition's whole log counts).
    /// </summary>
    [TriggerField("offsetResetPolicy", Default = "latest", AllowedValues = ["latest", "earliest"])]
    public string OffsetResetPolicy { get; set; } = "latest";

    /// <summary>Allow more replicas than partitions. The default is false (the lag is capped at partitions × lagThreshold).</summary>
    [TriggerField("allowIdleConsumers", Default = "false")]
    public bool AllowIdleConsumers { get; set; }

    /// <summary>
    /// Ignore the lag of a partition whose committed offset did not move since the previous read (a stuck message) for
    /// scaling; it still counts for activation. The default is false.
    /// </summary>
    [TriggerField("excludePersistentLag", Default = "false")]
    public bool ExcludePersistentLag { get; set; }

    /// <summary>Cap replicas at the number of partitions that have lag (instead of all partitions). The default is false; needs <c>topic</c>.</summary>
    [TriggerField("limitToPartitionsWithLag", Default = "false")]
    public bool LimitToPartitionsWithLag { get; set; }

    /// <summary>A partition with no committed offset counts as 0 instead of 1 (latest) or its whole log (earliest). The default is false.</summary>
    [TriggerField("scaleToZeroOnInvalidOffset", Default = "false")]
    public bool ScaleToZeroOnInvalidOffset { get; set; }

    /// <summary>Only these partition ids count, as a list with ranges: <c>1,2,10-12</c>. Optional; used only with <c>topic</c>.</summary>
    [TriggerField("partitionLimitation", Optional = true)]
    public string? PartitionLimitation { get; set; }

    /// <summary>SASL mechanism: <c>none</c> (default), <c>plaintext</c>, <c>scram_sha256</c>, <c>scram_sha512</c>, <c>oauthbearer</c>.</summary>
    [TriggerField("sasl", Default = "none", Sources = TriggerFieldSource.Metadata | TriggerFieldSource.Auth,
        AllowedValues = ["none", "plaintext", "scram_sha256", "scram_sha512", "oauthbearer", "gssapi"])]
    public string Sasl { get; set; } = "none";

    /// <summary>The token provider for <c>sasl: oauthbearer</c>: <c>bearer</c> (the default; OIDC client credentials). <c>aws_msk_iam</c> is not supported.</summary>
    [TriggerField("saslTokenProvider", Default = "bearer", Sources = TriggerFieldSource.Metadata | TriggerFieldSource.Auth, AllowedValues = ["bearer", "aws_msk_iam"])]
    public string SaslTokenProvider { get; set; } = "bearer";

    /// <summary>SASL user name (or OAuth client id). From a TriggerAuthentication.</summary>
    [TriggerField("username", Optional = true, Sources = TriggerFieldSource.Auth, Secret = true)]
    public string? Username { get; set; }

    /// <summary>SASL password (or OAuth client secret). From a TriggerAuthentication. Secret.</summary>
    [TriggerField("password", Optional = true, Sources = TriggerFieldSource.Auth, Secret = true)]
    public string? Password { get; set; }

    /// <summary>OAuth token endpoint, for <c>sasl: oauthbearer</c>.</summary>
    [TriggerField("oauthTokenEndpointUri", Optional = true, Sources = TriggerFieldSource.Auth)]
    public string? OauthTokenEndpointUri { get; set; }

    /// <summary>OAuth scopes (comma-separated), for <c>sasl: oauthbearer</c>.</summary>
    [TriggerField("scopes", Optional = true, Sources = TriggerFieldSource.Auth)]
    public string? Scopes { get; set; }

    /// <summary>TLS: <c>enable</c> or <c>disable</c> (default).</summary>
    [TriggerField("tls", Default = "disable", Sources = TriggerFieldSource.Metadata | TriggerFieldSource.Auth, AllowedValues = ["enable", "disable"])]
    public string Tls { get; set; } = "disable";

    /// <summary>CA certificate (PEM). From a TriggerAuthentication.</summary>
    [TriggerField("ca", Optional = true, Sources = TriggerFieldSource.Auth, Secret = true)]
    public string? Ca { get; set; }

    /// <summary>Client certificate (PEM). From a TriggerAuthentication.</summary>
    [TriggerField("cert", Optional = true, Sources = TriggerFieldSource.Auth, Secret = true)]
    public string? Cert { get; set; }

    /// <summary>Client key (PEM). From a TriggerAuthentication. Secret.</summary>
    [TriggerField("key", Optional = true, Sources = TriggerFieldSource.Auth, Secret = true)]
    public string? Key { get; set; }

    /// <summary>The client key's password. From a TriggerAuthentication. Secret.</summary>
    [TriggerField("keyPassword", Optional = true, Sources = TriggerFieldSource.Auth, Secret = true)]
    public string? KeyPassword { get; set; }

    /// <summary>Skip verifying the broker's certificate. The default is false.</summary>
    [TriggerField("unsafeSsl", Default = "false", Sources = TriggerFieldSource.Metadata | TriggerFieldSource.Auth)]
    public bool UnsafeSsl { get; set; }

    /// <summary>The parsed <see cref="PartitionLimitation"/>; empty = every partition.</summary>
    internal HashSet<int> Partitions { get; } = [];

    /// <inheritdoc />
    public void Validate(ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (LagThreshold <= 0)
        {
            errors.Add("lagThreshold", $"must be greater than 0, got {LagThreshold}");
        }

        if (ActivationLagThreshold < 0)
        {
            errors.Add("activationLagThreshold", $"must be 0 or more, got {ActivationLagThreshold}");
        }

        if (AllowIdleConsumers && LimitToPartitionsWithLag)
        {
            errors.Add("limitToPartitionsWithLag", "cannot be combined with allowIdleConsumers");
        }

        if (Topic.Length == 0 && LimitToPartitionsWithLag)
        {
            errors.Add("limitToPartitionsWithLag", "needs a topic");
        }

        if (BootstrapServers.Length > 0 && BootstrapServers.Split(',').Any(s => s.Trim().Length == 0))
        {
            errors.Add("bootstrapServers", $"has an empty broker address in '{BootstrapServers}'");
        }

        if (PartitionLimitation is { Length: > 0 } limitation)
        {
            ParsePartitions(limitation, errors);
        }

        if (Sasl is "plaintext" or "scram_sha256" or "scram_sha512" && Username is null != Password is null)
        {
            errors.Add(Username is null ? "username" : "password", $"sasl {Sasl} needs both username and password");
        }

        if (Sasl == "oauthbearer" && OauthTokenEndpointUri is { Length: > 0 } uri && !Uri.TryCreate(uri, UriKind.Absolute, out _))
        {
            errors.Add("oauthTokenEndpointUri", "must be an absolute URL");
        }

        if (Sasl == "gssapi")
        {
            errors.Add("sasl", "gssapi (Kerberos) is not supported by this build; use plaintext, scram_sha256, scram_sha512 or oauthbearer");
        }

        if (SaslTokenProvider == "aws_msk_iam")
        {
            errors.Add("saslTokenProvider", "aws_msk_iam is not supported by this build; use bearer");
        }

        if (Cert is null != Key is null)
        {
            errors.Add(Cert is null ? "cert" : "key", "cert and key must be given together");
        }
    }

    private void ParsePartitions(string text, ErrorList errors)
    {
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length == 1 && int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var single))
            {
                Partitions.Add(single);
            }
            else if (bounds.Length == 2
                && int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                && int.TryParse(bounds[1], NumberStyles.None, CultureInfo.InvariantCulture, out var to)
                && from <= to && to - from < 100_000)
            {
                for (var id = from; id <= to; id++)
                {
                    Partitions.Add(id);
                }
            }
            else
            {
                errors.Add("partitionLimitation", $"'{part}' is not a partition id or a range such as 10-12");
                return;
            }
        }
    }
}
