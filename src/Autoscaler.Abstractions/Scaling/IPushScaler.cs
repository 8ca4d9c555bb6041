namespace Autoscaler.Scaling;

/// <summary>
/// A scaler whose source pushes (webhooks, subscriptions). Besides being read like any scaler, it runs
/// for the lifetime of its object and tells the loop at once when something happened, so a decision
/// does not wait for the next polling interval.
/// </summary>
public interface IPushScaler : IScaler
{
    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled; the only caller of <paramref name="notifier"/>.</summary>
    Task RunAsync(IPushNotifier notifier, CancellationToken cancellationToken);
}
