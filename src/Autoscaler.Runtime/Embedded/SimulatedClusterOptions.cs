using System.ComponentModel.DataAnnotations;

namespace Autoscaler.Runtime.Embedded;

/// <summary>Settings of the embedded simulated cluster (section <c>Autoscaler:Embedded</c>).</summary>
public sealed class SimulatedClusterOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Autoscaler:Embedded";

    /// <summary>Time from a pod being requested to it being ready. The default is 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ColdStart { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a Job's pod runs before the Job succeeds. The default is 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether a scale target that does not exist yet is created (at 0 replicas) the first time it is read.
    /// The default is true, so that sample ScaledObjects run with no Deployment manifests.
    /// </summary>
    public bool AutoCreateTargets { get; set; } = true;
}
