namespace Autoscaler.Model;

/// <summary>What ScaledObject and ScaledJob have in common: metadata, triggers and a polling interval.</summary>
public interface IScalableResource : IResource
{
    /// <summary>The triggers.</summary>
    IReadOnlyList<ScaleTrigger> Triggers { get; }

    /// <summary>Seconds between reads.</summary>
    int PollingInterval { get; }
}
