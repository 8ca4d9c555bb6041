using System.ComponentModel.DataAnnotations;

namespace Autoscaler.Kubernetes;

/// <summary>Settings of Kubernetes mode (section <c>Autoscaler:Kubernetes</c>).</summary>
public sealed class KubernetesOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Autoscaler:Kubernetes";

    /// <summary>The namespace whose ScaledObjects, ScaledJobs and TriggerAuthentications are watched; empty for all namespaces (the default).</summary>
    public string? WatchNamespace { get; set; }

    /// <summary>
    /// Where the Lease for leader election lives, and where ClusterTriggerAuthentication secrets are read. The default
    /// is the namespace the service runs in (from the service account), else <c>autoscaler</c>.
    /// </summary>
    public string? OperatorNamespace { get; set; }

    /// <summary>Whether leader election runs. The default is true: only the leader writes to the cluster.</summary>
    public bool LeaderElection { get; set; } = true;

    /// <summary>The Lease's name. The default is <c>autoscaler-leader</c>.</summary>
    [Required]
    public string LeaseName { get; set; } = "autoscaler-leader";

    /// <summary>This instance's identity in the Lease. The default is the host (pod) name plus a random suffix.</summary>
    public string? Identity { get; set; }

    /// <summary>
    /// This pod's name (from the downward API). When set, the leader labels its own pod <c>autoscaler.dev/leader=true</c>
    /// and removes the label when it steps down, so a Service selecting that label sends webhooks to the leader only.
    /// Unset by default (no labelling).
    /// </summary>
    public string? PodName { get; set; }

    /// <summary>How long a Lease holds without renewal before a standby takes over. The default is 15 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it stops writing. The default is 10 seconds; less than <see cref="LeaseDuration"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the Lease is renewed or tried. The default is 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one watch request stays open before it is renewed from the last resourceVersion. The default is 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many times a scale write is retried on 409 Conflict (each on freshly read state). The default is 5.</summary>
    [Range(1, 100)]
    public int ConflictRetries { get; set; } = 5;
}
