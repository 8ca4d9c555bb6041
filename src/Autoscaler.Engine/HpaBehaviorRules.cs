using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Autoscaler.Model;

namespace Autoscaler.Engine;

/// <summary>
/// The HPA v2 behavior rules with the Kubernetes defaults filled in, and the controller's rate-limit arithmetic
/// (pkg/controller/podautoscaler: calculateScaleUpLimitWithScalingRules, calculateScaleDownLimitWithBehaviors).
/// </summary>
public static class HpaBehaviorRules
{
    /// <summary>The default scale-up stabilization window: 0 seconds.</summary>
    public const int DefaultScaleUpWindowSeconds = 0;

    /// <summary>The default scale-down stabilization window: 300 seconds.</summary>
    public const int DefaultScaleDownWindowSeconds = 300;

    private static readonly HpaScalingRules DefaultUp = new()
    {
        StabilizationWindowSeconds = DefaultScaleUpWindowSeconds,
        SelectPolicy = "Max",
        Policies =
        [
            new HpaScalingPolicy { Type = "Percent", Value = 100, PeriodSeconds = 15 },
            new HpaScalingPolicy { Type = "Pods", Value = 4, PeriodSeconds = 15 },
        ],
    };

    private static readonly HpaScalingRules DefaultDown = new()
    {
        StabilizationWindowSeconds = DefaultScaleDownWindowSeconds,
        SelectPolicy = "Max",
        Policies = [new HpaScalingPolicy { Type = "Percent", Value = 100, PeriodSeconds = 15 }],
    };

    /// <summary>The effective scale-up rules: the given ones with each unset field taken from the HPA defaults (Percent 100 / 15 s and Pods 4 / 15 s, Max, window 0).</summary>
    public static HpaScalingRules ScaleUp(HpaBehavior? behavior) => Fill(behavior?.ScaleUp, DefaultUp);

    /// <summary>The effective scale-down rules: the given ones with each unset field taken from the HPA defaults (Percent 100 / 15 s, Max, window 300 s).</summary>
    public static HpaScalingRules ScaleDown(HpaBehavior? behavior) => Fill(behavior?.ScaleDown, DefaultDown);

    /// <summary>The longest policy period of <paramref name="rules"/>, in seconds.</summary>
    public static int LongestPeriod(HpaScalingRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var longest = 0;
        foreach (var policy in rules.Policies)
        {
            longest = Math.Max(longest, policy.PeriodSeconds);
        }

        return longest;
    }

    /// <summary>
    /// The most replicas the scale-up policies allow now: for each policy, the count at the start of its period
    /// (current − added + removed within it) plus Pods, or times (1 + Percent / 100) rounded up; Max picks the
    /// largest, Min the smallest, Disabled allows none.
    /// </summary>
    public static int ScaleUpLimit(int current, ImmutableArray<TimedCount> upEvents, ImmutableArray<TimedCount> downEvents, HpaScalingRules rules, DateTimeOffset now, out string policy)
    {
        var limit = LimitUp(current, upEvents, downEvents, rules, now, out var chosen);
        policy = DescribeScaleUp(rules, chosen);
        return limit;
    }

    /// <summary>As the public overload; <paramref name="chosen"/> is the policy that set the limit and the count at the start of its period (describe it with <see cref="DescribeScaleUp"/>).</summary>
    internal static int LimitUp(int current, ImmutableArray<TimedCount> upEvents, ImmutableArray<TimedCount> downEvents, HpaScalingRules rules, DateTimeOffset now, out ChosenPolicy chosen)
    {
        ArgumentNullException.ThrowIfNull(rules);
        chosen = default;
        if (rules.SelectPolicy == "Disabled")
        {
            return current;
        }

        var min = rules.SelectPolicy == "Min";
        var result = min ? int.MaxValue : int.MinValue;
        foreach (var p in rules.Policies)
        {
            var start = current - ChangeInPeriod(upEvents, p.PeriodSeconds, now) + ChangeInPeriod(downEvents, p.PeriodSeconds, now);
            var proposed = p.Type == "Pods" ? (long)start + p.Value : (long)Math.Ceiling(start * (1 + (p.Value / 100.0)));
            var bounded = (int)Math.Clamp(proposed, int.MinValue, int.MaxValue);
            if (min ? bounded < result : bounded > result)
            {
                result = bounded;
                chosen = new ChosenPolicy(p, start);
            }
        }

        return result;
    }

    /// <summary>The words for the scale-up policy that set a limit.</summary>
    internal static string DescribeScaleUp(HpaScalingRules rules, ChosenPolicy chosen) =>
        rules.SelectPolicy == "Disabled" ? "scale-up disabled (selectPolicy Disabled)"
        : chosen.Policy is { } p ? $"scale-up policy {p.Type} {p.Value} per {p.PeriodSeconds}s (from {chosen.Start})" : "";

    /// <summary>
    /// The fewest replicas the scale-down policies allow now: for each policy, the count at the start of its period
    /// minus Pods, or times (1 − Percent / 100) rounded down; Max picks the smallest (the biggest change), Min the
    /// largest, Disabled allows none.
    /// </summary>
    public static int ScaleDownLimit(int current, ImmutableArray<TimedCount> upEvents, ImmutableArray<TimedCount> downEvents, HpaScalingRules rules, DateTimeOffset now, out string policy)
    {
        var limit = LimitDown(current, upEvents, downEvents, rules, now, out var chosen);
        policy = DescribeScaleDown(rules, chosen);
        return limit;
    }

    /// <summary>As the public overload; <paramref name="chosen"/> is the policy that set the limit and the count at the start of its period (describe it with <see cref="DescribeScaleDown"/>).</summary>
    internal static int LimitDown(int current, ImmutableArray<TimedCount> upEvents, ImmutableArray<TimedCount> downEvents, HpaScalingRules rules, DateTimeOffset now, out ChosenPolicy chosen)
    {
        ArgumentNullException.ThrowIfNull(rules);
        chosen = default;
        if (rules.SelectPolicy == "Disabled")
        {
            return current;
        }

        var min = rules.SelectPolicy == "Min";
        var result = min ? int.MinValue : int.MaxValue;
        foreach (var p in rules.Policies)
        {
            var start = current - ChangeInPeriod(upEvents, p.PeriodSeconds, now) + ChangeInPeriod(downEvents, p.PeriodSeconds, now);
            var proposed = p.Type == "Pods" ? start - p.Value : (int)(start * (1 - (p.Value / 100.0)));
            if (min ? proposed > result : proposed < result)
            {
                result = proposed;
                chosen = new ChosenPolicy(p, start);
            }
        }

        return result;
    }

    /// <summary>The words for the scale-down policy that set a limit.</summary>
    internal static string DescribeScaleDown(HpaScalingRules rules, ChosenPolicy chosen) =>
        rules.SelectPolicy == "Disabled" ? "scale-down disabled (selectPolicy Disabled)"
        : chosen.Policy is { } p ? $"scale-down policy {p.Type} {p.Value} per {p.PeriodSeconds}s (from {chosen.Start})" : "";

    /// <summary>The rate policy that set a limit, and the replica count at the start of its period.</summary>
    internal readonly record struct ChosenPolicy(HpaScalingPolicy? Policy, int Start);

    /// <summary>The entries of <paramref name="items"/> newer than <paramref name="seconds"/> before now.</summary>
    public static ImmutableArray<TimedCount> Prune(ImmutableArray<TimedCount> items, DateTimeOffset now, int seconds)
    {
        if (items.IsDefaultOrEmpty)
        {
            return items.IsDefault ? [] : items;
        }

        var cutoff = CutoffTicks(now, seconds);
        var keepFrom = 0;
        while (keepFrom < items.Length && items[keepFrom].Time.UtcTicks <= cutoff)
        {
            keepFrom++;
        }

        return keepFrom == 0 ? items : items.RemoveRange(0, keepFrom);
    }

    /// <summary>The entries of <paramref name="items"/> newer than <paramref name="seconds"/> before now, as a view (no copy).</summary>
    internal static ReadOnlySpan<TimedCount> Recent(ImmutableArray<TimedCount> items, DateTimeOffset now, int seconds)
    {
        if (items.IsDefaultOrEmpty)
        {
            return [];
        }

        var cutoff = CutoffTicks(now, seconds);
        var keepFrom = 0;
        while (keepFrom < items.Length && items[keepFrom].Time.UtcTicks <= cutoff)
        {
            keepFrom++;
        }

        return items.AsSpan()[keepFrom..];
    }

    /// <summary>The entries of <paramref name="items"/> newer than <paramref name="seconds"/> before now (no copy).</summary>
    internal static AppendWindow<TimedCount> Recent(AppendWindow<TimedCount> items, DateTimeOffset now, int seconds)
    {
        var cutoff = CutoffTicks(now, seconds);
        var entries = items.AsSpan();
        var keepFrom = 0;
        while (keepFrom < entries.Length && entries[keepFrom].Time.UtcTicks <= cutoff)
        {
            keepFrom++;
        }

        return items.DropOldest(keepFrom);
    }

    /// <summary><paramref name="recent"/> followed by <paramref name="item"/>, in one new array.</summary>
    internal static ImmutableArray<TimedCount> Append(ReadOnlySpan<TimedCount> recent, TimedCount item)
    {
        var result = new TimedCount[recent.Length + 1];
        recent.CopyTo(result);
        result[^1] = item;
        return ImmutableCollectionsMarshal.AsImmutableArray(result);
    }

    private static int ChangeInPeriod(ImmutableArray<TimedCount> events, int periodSeconds, DateTimeOffset now)
    {
        var cutoff = CutoffTicks(now, periodSeconds);
        var sum = 0;
        foreach (var e in events)
        {
            if (e.Time.UtcTicks > cutoff)
            {
                sum += e.Count;
            }
        }

        return sum;
    }

    /// <summary>
    /// <c>now.AddSeconds(-seconds).UtcTicks</c> without building the DateTimeOffset: whole seconds are exact in ticks, and
    /// DateTimeOffset compares by UTC ticks, so comparing ticks with this is the same test as comparing times.
    /// </summary>
    internal static long CutoffTicks(DateTimeOffset now, int seconds) => now.UtcTicks - (seconds * TimeSpan.TicksPerSecond);

    private static HpaScalingRules Fill(HpaScalingRules? given, HpaScalingRules defaults)
    {
        if (given is null)
        {
            return defaults;
        }

        return new HpaScalingRules
        {
            StabilizationWindowSeconds = given.StabilizationWindowSeconds ?? defaults.StabilizationWindowSeconds,
            SelectPolicy = given.SelectPolicy ?? defaults.SelectPolicy,
            Policies = given.Policies.Count > 0 ? given.Policies : defaults.Policies,
            Tolerance = given.Tolerance,
        };
    }
}
