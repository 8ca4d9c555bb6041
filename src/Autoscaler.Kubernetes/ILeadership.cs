namespace Autoscaler.Kubernetes;

/// <summary>Whether this instance may write to the cluster (it holds the leader Lease, or election is off).</summary>
public interface ILeadership
{
    /// <summary>True while this instance is the leader.</summary>
    bool IsLeader { get; }

    /// <summary>The identity of the current holder, when known.</summary>
    string? Holder { get; }
}
