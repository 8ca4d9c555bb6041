using Autoscaler.Model;
using Autoscaler.Validation;

namespace Autoscaler.Scaling;

/// <summary>
/// The usual way to write a scaler factory: declare a typed options class with <see cref="TriggerFieldAttribute"/>,
/// and build the scaler from bound, validated options.
/// </summary>
/// <typeparam name="TOptions">The scaler's typed options.</typeparam>
public abstract class ScalerFactory<TOptions> : IScalerFactory
    where TOptions : new()
{
    /// <inheritdoc />
    public abstract string Type { get; }

    /// <inheritdoc />
    public void Validate(ScaleTrigger trigger, ErrorList errors) =>
        TriggerMetadataBinder.Bind<TOptions>(trigger, authParams: null, environment: null, errors, resolved: false);

    /// <inheritdoc />
    public IScaler Create(ScalerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var errors = new ErrorList();
        var options = TriggerMetadataBinder.Bind<TOptions>(context.Trigger, context.AuthParams, context.Environment, errors, resolved: true);
        if (!errors.IsEmpty)
        {
            throw new ScalerConfigurationException(errors.Errors);
        }

        return CreateScaler(options, context);
    }

    /// <summary>Builds the scaler from bound, validated options.</summary>
    protected abstract IScaler CreateScaler(TOptions options, ScalerContext context);
}
