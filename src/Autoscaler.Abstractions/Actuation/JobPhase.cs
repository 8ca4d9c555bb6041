namespace Autoscaler.Actuation;

/// <summary>Where a Job is in its life.</summary>
public enum JobPhase
{
    /// <summary>Created; its pod is not running yet.</summary>
    Pending,

    /// <summary>Its pod runs.</summary>
    Running,

    /// <summary>Completed successfully.</summary>
    Succeeded,

    /// <summary>Failed.</summary>
    Failed,
}
