using Autoscaler.Scaling;
using Confluent.Kafka;

namespace Autoscaler.Scalers.Kafka;

/// <summary>Builds <c>kafka</c> scalers.</summary>
public sealed class KafkaScalerFactory : ScalerFactory<KafkaTriggerOptions>
{
    /// <summary>The trigger type name (KEDA's).</summary>
    public const string TypeName = "kafka";

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <inheritdoc />
    protected override IScaler CreateScaler(KafkaTriggerOptions options, ScalerContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = ClientConfig(options);

        // librdkafka's own logs would go to stderr; failures surface as read errors with their reason.
        return new KafkaScaler(options, context, () => new AdminClientBuilder(config).SetLogHandler((_, _) => { }).Build());
    }

    /// <summary>The librdkafka settings for <paramref name="options"/>: brokers, SASL, TLS and timeouts.</summary>
    internal static AdminClientConfig ClientConfig(KafkaTriggerOptions options)
    {
        var tls = options.Tls == "enable";
        var sasl = options.Sasl != "none";
        var config = new AdminClientConfig
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = "autoscaler",
            SocketTimeoutMs = 10_000,
            SecurityProtocol = (sasl, tls) switch
            {
                (true, true) => SecurityProtocol.SaslSsl,
                (true, false) => SecurityProtocol.SaslPlaintext,
                (false, true) => SecurityProtocol.Ssl,
                _ => SecurityProtocol.Plaintext,
            },
        };
        switch (options.Sasl)
        {
            case "plaintext":
                config.SaslMechanism = SaslMechanism.Plain;
                break;
            case "scram_sha256":
                config.SaslMechanism = SaslMechanism.ScramSha256;
                break;
            case "scram_sha512":
                config.SaslMechanism = SaslMechanism.ScramSha512;
                break;
            case "oauthbearer":
                config.SaslMechanism = SaslMechanism.OAuthBearer;
                config.SaslOauthbearerMethod = SaslOauthbearerMethod.Oidc;
                config.SaslOauthbearerClientId = options.Username;
                config.SaslOauthbearerClientSecret = options.Password;
                config.SaslOauthbearerTokenEndpointUrl = options.OauthTokenEndpointUri;
                config.SaslOauthbearerScope = options.Scopes?.Replace(',', ' ');
                break;
        }

        if (options.Sasl is "plaintext" or "scram_sha256" or "scram_sha512")
        {
            config.SaslUsername = options.Username;
            config.SaslPassword = options.Password;
        }

        if (tls)
        {
            config.SslCaPem = options.Ca;
            config.SslCertificatePem = options.Cert;
            config.SslKeyPem = options.Key;
            config.SslKeyPassword = options.KeyPassword;
            config.EnableSslCertificateVerification = !options.UnsafeSsl;
        }

        return config;
    }
}
