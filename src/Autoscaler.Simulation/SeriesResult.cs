namespace Autoscaler.Simulation;

/// <summary>What one policy did on one series (or, summed, on a whole trace).</summary>
public sealed record SeriesResult
{
    /// <summary>The series' name.</summary>
    public required string Name { get; init; }

    /// <summary>Requests that arrived.</summary>
    public double Requests { get; init; }

    /// <summary>Requests that arrived while no pod was ready.</summary>
    public double ColdStartRequests { get; init; }

    /// <summary>Trace intervals whose requests exceeded the ready capacity of the interval.</summary>
    public int SloViolationIntervals { get; init; }

    /// <summary>Trace intervals simulated.</summary>
    public int Intervals { get; init; }

    /// <summary>Σ pods provisioned (ready or starting) × seconds.</summary>
    public double ReplicaSeconds { get; init; }

    /// <summary>Σ ready pods beyond ceil(rate / capacity) × seconds (pods with nothing to do).</summary>
    public double IdleReplicaSeconds { get; init; }

    /// <summary>Σ (rate / capacity) × seconds: the pod-seconds the demand needed.</summary>
    public double NeededReplicaSeconds { get; init; }

    /// <summary>Changes of the desired replica count.</summary>
    public int ScaleActions { get; init; }

    /// <summary>The most pods provisioned at once.</summary>
    public int PeakReplicas { get; init; }

    /// <summary>Cold-start requests as a percentage of requests (0 when there were none).</summary>
    public double ColdStartPercent => Requests > 0 ? 100 * ColdStartRequests / Requests : 0;

    /// <summary>Σ(provisioned − needed) / Σ provisioned (negative when under-provisioned on balance; 0 with nothing provisioned).</summary>
    public double Slack => ReplicaSeconds > 0 ? (ReplicaSeconds - NeededReplicaSeconds) / ReplicaSeconds : 0;
}
