namespace Autoscaler.Model;

/// <summary>What to do when a scaler keeps failing (KEDA's <c>fallback</c>).</summary>
public sealed class Fallback
{
    /// <summary>Consecutive failed reads before fallback is in force. Required, at least 1.</summary>
    public int FailureThreshold { get; set; }

    /// <summary>The replica count to use while in fallback. Required, at least 0.</summary>
    public int Replicas { get; set; }

    /// <summary><c>static</c> (the default), <c>currentReplicas</c>, <c>currentReplicasIfHigher</c> or <c>currentReplicasIfLower</c>.</summary>
    public string Behavior { get; set; } = "static";
}
