namespace Autoscaler.Simulation;

/// <summary>The simulated service.</summary>
public sealed record SimulationOptions
{
    /// <summary>Requests per second one ready pod serves. The default is 1.</summary>
    public double CapacityPerPod { get; init; } = 1;

    /// <summary>Time from requesting a pod to it being ready. The default is 2 seconds.</summary>
    public TimeSpan ColdStart { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Points kept per plotted series (the timeline is downsampled to at most this many). The default is 1500.</summary>
    public int PlotPoints { get; init; } = 1500;
}
