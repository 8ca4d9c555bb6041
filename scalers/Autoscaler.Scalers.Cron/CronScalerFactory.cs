using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Cron;

/// <summary>Builds <c>cron</c> scalers.</summary>
public sealed class CronScalerFactory : ScalerFactory<CronTriggerOptions>
{
    /// <summary>The trigger type name.</summary>
    public const string TypeName = "cron";

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <inheritdoc />
    protected override IScaler CreateScaler(CronTriggerOptions options, ScalerContext context) => new CronScaler(options, context);
}
