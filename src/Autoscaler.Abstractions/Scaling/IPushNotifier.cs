namespace Autoscaler.Scaling;

/// <summary>How a push scaler wakes the control loop for its object.</summary>
public interface IPushNotifier
{
    /// <summary>Asks for a decision now. <paramref name="isActive"/> is what the scaler saw; a read follows.</summary>
    void Notify(bool isActive);
}
