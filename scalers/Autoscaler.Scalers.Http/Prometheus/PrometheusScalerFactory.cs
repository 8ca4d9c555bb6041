using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Http.Prometheus;

/// <summary>Builds <c>prometheus</c> scalers.</summary>
public sealed class PrometheusScalerFactory : ScalerFactory<PrometheusTriggerOptions>
{
    /// <summary>The trigger type name (KEDA's).</summary>
    public const string TypeName = "prometheus";

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <inheritdoc />
    protected override IScaler CreateScaler(PrometheusTriggerOptions options, ScalerContext context) =>
        new PrometheusScaler(options, context, HttpClientFactory.Create(options));
}
