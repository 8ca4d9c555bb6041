namespace Autoscaler.Kubernetes;

/// <summary>Leadership when election is off: this instance always writes.</summary>
internal sealed class AlwaysLeader : ILeadership
{
    public bool IsLeader => true;

    public string? Holder => null;
}
