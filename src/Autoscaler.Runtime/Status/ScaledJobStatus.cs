namespace Autoscaler.Runtime.Status;

/// <summary>What the REST API shows for one ScaledJob.</summary>
public sealed record ScaledJobStatus
{
    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The name.</summary>
    public required string Name { get; init; }

    /// <summary>Where the object came from.</summary>
    public required string Source { get; init; }

    /// <summary>maxReplicaCount.</summary>
    public int MaxReplicas { get; init; }

    /// <summary>The scaling strategy.</summary>
    public string Strategy { get; init; } = "default";

    /// <summary>The triggers and their last reads.</summary>
    public IReadOnlyList<TriggerStatus> Triggers { get; init; } = [];

    /// <summary>Jobs not finished (pending included).</summary>
    public int RunningJobs { get; init; }

    /// <summary>Jobs whose pods do not run yet.</summary>
    public int PendingJobs { get; init; }

    /// <summary>Finished Jobs kept.</summary>
    public int SucceededJobs { get; init; }

    /// <summary>Failed Jobs kept.</summary>
    public int FailedJobs { get; init; }

    /// <summary>Jobs created by the last decision.</summary>
    public int LastCreated { get; init; }

    /// <summary>Whether any trigger is active.</summary>
    public bool IsActive { get; init; }

    /// <summary>The last time a trigger was active.</summary>
    public DateTimeOffset? LastActiveTime { get; init; }

    /// <summary>When the last decision was made.</summary>
    public DateTimeOffset? LastDecisionTime { get; init; }

    /// <summary>The last decision in words.</summary>
    public string? Message { get; init; }

    /// <summary>Ready, Active.</summary>
    public IReadOnlyList<StatusCondition> Conditions { get; init; } = [];
}
