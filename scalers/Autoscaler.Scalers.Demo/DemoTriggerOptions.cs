using Autoscaler.Scaling;
using Autoscaler.Validation;

namespace Autoscaler.Scalers.Demo;

/// <summary>The demo trigger's metadata.</summary>
public sealed class DemoTriggerOptions : IValidatableTriggerOptions
{
    /// <summary><c>wave</c> (the default) or <c>manual</c>.</summary>
    [TriggerField("mode", Default = "wave")]
    public DemoMode Mode { get; set; }

    /// <summary>Manual mode: the source's name. The default is the object's name.</summary>
    [TriggerField("source", Optional = true)]
    public string? Source { get; set; }

    /// <summary>The value per replica. The default is 10.</summary>
    [TriggerField("targetValue", Default = "10")]
    public double TargetValue { get; set; }

    /// <summary>Active while the value is above this. The default is 0.</summary>
    [TriggerField("activationTargetValue", Default = "0")]
    public double ActivationTargetValue { get; set; }

    /// <summary>Wave mode: the value during the burst. The default is 50.</summary>
    [TriggerField("peak", Default = "50")]
    public double Peak { get; set; }

    /// <summary>Wave mode: the idle time before the first burst of each period. The default is 10 seconds.</summary>
    [TriggerField("delay", Default = "10s")]
    public TimeSpan Delay { get; set; }

    /// <summary>Wave mode: how long a burst lasts. The default is 30 seconds.</summary>
    [TriggerField("activeFor", Default = "30s")]
    public TimeSpan ActiveFor { get; set; }

    /// <summary>Wave mode: the length of one cycle. The default is 120 seconds.</summary>
    [TriggerField("period", Default = "120s")]
    public TimeSpan Period { get; set; }

    /// <inheritdoc />
    public void Validate(ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (TargetValue <= 0)
        {
            errors.Add("targetValue", "must be greater than 0");
        }

        if (Peak < 0)
        {
            errors.Add("peak", "must be at least 0");
        }

        if (Period <= TimeSpan.Zero)
        {
            errors.Add("period", "must be greater than 0");
        }
        else if (Delay + ActiveFor > Period)
        {
            errors.Add("period", $"must be at least delay + activeFor ({(Delay + ActiveFor).TotalSeconds}s)");
        }
    }
}
