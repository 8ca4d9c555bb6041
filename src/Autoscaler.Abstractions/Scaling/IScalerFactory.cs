using Autoscaler.Model;
using Autoscaler.Validation;

namespace Autoscaler.Scaling;

/// <summary>
/// Builds scalers of one trigger type. Registered in DI; found by <see cref="Type"/>.
/// </summary>
public interface IScalerFactory
{
    /// <summary>The trigger type name, as KEDA spells it (<c>aws-sqs-queue</c>, <c>kafka</c>, <c>cron</c>).</summary>
    string Type { get; }

    /// <summary>
    /// Checks the trigger's metadata without touching the source. Errors go to <paramref name="errors"/>
    /// with paths relative to the trigger (<c>metadata.queueLength</c>).
    /// </summary>
    void Validate(ScaleTrigger trigger, ErrorList errors);

    /// <summary>Builds a scaler. Throws <see cref="ScalerConfigurationException"/> when the settings are wrong.</summary>
    IScaler Create(ScalerContext context);
}
