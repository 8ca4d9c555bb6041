namespace Autoscaler.Model;

/// <summary>
/// One window of <c>spec.scheduledFloors</c>: from each <see cref="Start"/> occurrence until the next
/// <see cref="End"/> occurrence (cron, in <see cref="Timezone"/>), the object keeps at least
/// <see cref="MinReplicas"/> replicas, whatever the triggers ask. A floor, not a trigger: it never lowers a count.
/// </summary>
public sealed class ScheduledFloor
{
    /// <summary>An optional name, shown in the decision's reason.</summary>
    public string? Name { get; set; }

    /// <summary>When the window opens: a 5-field cron expression, for example <c>0 8 * * 1-5</c>. Required.</summary>
    public string Start { get; set; } = "";

    /// <summary>When the window closes: a 5-field cron expression, for example <c>0 18 * * 1-5</c>. Required.</summary>
    public string End { get; set; } = "";

    /// <summary>An IANA time zone, for example <c>Europe/Berlin</c>. The default is <c>UTC</c>.</summary>
    public string Timezone { get; set; } = "UTC";

    /// <summary>The least replicas inside the window (at most maxReplicaCount). Required, at least 1.</summary>
    public int MinReplicas { get; set; }
}
