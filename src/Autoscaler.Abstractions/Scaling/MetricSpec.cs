namespace Autoscaler.Scaling;

/// <summary>What a scaler's metric means for scaling: its name, target and activation threshold.</summary>
/// <param name="MetricName">The metric's name, for example <c>s0-aws-sqs-queue-orders</c>.</param>
/// <param name="Target">The target value per replica (AverageValue) or in total (Value). Greater than 0.</param>
/// <param name="ActivationThreshold">The trigger is active while the value is above this. KEDA's default is 0.</param>
/// <param name="TargetType">How the value is compared with the target.</param>
public sealed record MetricSpec(string MetricName, double Target, double ActivationThreshold, MetricTargetType TargetType);
