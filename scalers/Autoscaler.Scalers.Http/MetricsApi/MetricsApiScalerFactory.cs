using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Http.MetricsApi;

/// <summary>Builds <c>metrics-api</c> scalers.</summary>
public sealed class MetricsApiScalerFactory : ScalerFactory<MetricsApiTriggerOptions>
{
    /// <summary>The trigger type name (KEDA's).</summary>
    public const string TypeName = "metrics-api";

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <inheritdoc />
    protected override IScaler CreateScaler(MetricsApiTriggerOptions options, ScalerContext context) =>
        new MetricsApiScaler(options, context, HttpClientFactory.Create(options));
}
