using Autoscaler.Model;
using Autoscaler.Scaling;

namespace Autoscaler.Runtime.Control;

/// <summary>One trigger of an object and the scaler built for it (if it could be built).</summary>
internal sealed class ScalerSlot
{
    public ScalerSlot(int index, ScaleTrigger trigger)
    {
        Index = index;
        Trigger = trigger;
        Name = string.IsNullOrEmpty(trigger.Name) ? trigger.Type : trigger.Name;
    }

    public int Index { get; }

    public ScaleTrigger Trigger { get; }

    public string Name { get; }

    public IScaler? Scaler { get; set; }

    public string? BuildError { get; set; }

    public int ConsecutiveErrors { get; set; }

    public CancellationTokenSource? PushRun { get; set; }

    public Task? PushTask { get; set; }
}
