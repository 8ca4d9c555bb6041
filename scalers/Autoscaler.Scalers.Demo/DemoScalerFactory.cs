using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Demo;

/// <summary>Builds <c>demo</c> scalers.</summary>
public sealed class DemoScalerFactory : ScalerFactory<DemoTriggerOptions>
{
    /// <summary>The trigger type name.</summary>
    public const string TypeName = "demo";

    private readonly DemoSignals _signals;

    /// <summary>Creates the factory.</summary>
    public DemoScalerFactory(DemoSignals signals) => _signals = signals;

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <inheritdoc />
    protected override IScaler CreateScaler(DemoTriggerOptions options, ScalerContext context) => new DemoScaler(options, _signals, context);
}
