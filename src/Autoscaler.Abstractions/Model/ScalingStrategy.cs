namespace Autoscaler.Model;

/// <summary>KEDA's ScaledJob <c>scalingStrategy</c>.</summary>
public sealed class ScalingStrategy
{
    /// <summary><c>default</c>, <c>custom</c>, <c>accurate</c> or <c>eager</c>. The default is <c>default</c>.</summary>
    public string Strategy { get; set; } = "default";

    /// <summary>For <c>custom</c>: subtracted from the queue length.</summary>
    public int? CustomScalingQueueLengthDeduction { get; set; }

    /// <summary>For <c>custom</c>: the share of running jobs subtracted (a number as a string, 0 to 1).</summary>
    public string? CustomScalingRunningJobPercentage { get; set; }

    /// <summary>Pod conditions that count a job as pending.</summary>
    public List<string> PendingPodConditions { get; set; } = [];

    /// <summary>How several triggers combine: <c>max</c> (the default), <c>min</c>, <c>avg</c> or <c>sum</c>.</summary>
    public string MultipleScalersCalculation { get; set; } = "max";
}
