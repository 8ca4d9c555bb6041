namespace Autoscaler.Scaling;

/// <summary>
/// A scaler: reads one event source for one trigger. Created once per trigger and reused for every read;
/// disposed when its object goes away or changes. Reads may run concurrently with nothing else on the same instance.
/// </summary>
public interface IScaler : IAsyncDisposable
{
    /// <summary>The metric's name, target and activation threshold. Fixed for the scaler's lifetime.</summary>
    MetricSpec MetricSpec { get; }

    /// <summary>Reads the source once. Throws on failure; the control loop records the error and carries on.</summary>
    ValueTask<MetricReading> GetMetricAndActivityAsync(CancellationToken cancellationToken);
}
