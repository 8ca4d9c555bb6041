namespace Autoscaler.Model;

/// <summary>One HPA scaling policy: at most <see cref="Value"/> pods or percent per <see cref="PeriodSeconds"/>.</summary>
public sealed class HpaScalingPolicy
{
    /// <summary><c>Pods</c> or <c>Percent</c>. Required.</summary>
    public string Type { get; set; } = "";

    /// <summary>The amount of change allowed; greater than 0.</summary>
    public int Value { get; set; }

    /// <summary>The window the policy looks back over, 1 to 1800 seconds.</summary>
    public int PeriodSeconds { get; set; }
}
