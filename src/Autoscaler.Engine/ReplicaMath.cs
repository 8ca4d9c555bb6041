using System.Globalization;
using Autoscaler.Scaling;

namespace Autoscaler.Engine;

/// <summary>The HPA's replica formulas for external metrics, as the Kubernetes HPA controller computes them.</summary>
public static class ReplicaMath
{
    /// <summary>The HPA's default tolerance: no change while the usage ratio is within 10 % of 1.</summary>
    public const double DefaultTolerance = 0.1;

    /// <summary>
    /// Replicas for one metric. <c>AverageValue</c>: ceil(value / target), unless value / (target × current) is within
    /// tolerance of 1, in which case current. <c>Value</c>: ceil(current × value / target) with the same tolerance
    /// rule on value / target. A current count of 0 is treated as 1 for <c>Value</c> (the ratio needs a base).
    /// </summary>
    public static int Replicas(MetricSpec metric, double value, int current, double tolerance, out string explanation) =>
        Replicas(metric, value, current, tolerance, tolerance, out explanation);

    /// <summary>
    /// As <see cref="Replicas(MetricSpec, double, int, double, out string)"/> with a tolerance per direction, as the
    /// HPA's configurable tolerance defines it: no change while 1 − <paramref name="downTolerance"/> ≤ ratio ≤
    /// 1 + <paramref name="upTolerance"/>.
    /// </summary>
    public static int Replicas(MetricSpec metric, double value, int current, double upTolerance, double downTolerance, out string explanation) =>
        Replicas(metric, value, current, upTolerance, downTolerance, explain: true, out explanation, out _);

    /// <summary>
    /// The formula itself: <paramref name="withinTolerance"/> says whether the tolerance rule kept the current count;
    /// <paramref name="explanation"/> is built only when <paramref name="explain"/> is true (else empty).
    /// </summary>
    internal static int Replicas(MetricSpec metric, double value, int current, double upTolerance, double downTolerance, bool explain, out string explanation, out bool withinTolerance)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var target = metric.Target;
        explanation = "";
        switch (metric.TargetType)
        {
            case MetricTargetType.Value:
                {
                    var baseCount = Math.Max(current, 1);
                    var ratio = value / target;
                    if (current > 0 && Within(ratio, upTolerance, downTolerance))
                    {
                        withinTolerance = true;
                        if (explain)
                        {
                            explanation = $"{Format(value)} / target {Format(target)} is within tolerance → {current}";
                        }

                        return current;
                    }

                    var replicas = Ceil(ratio * baseCount);
                    withinTolerance = false;
                    if (explain)
                    {
                        explanation = $"{baseCount} × {Format(value)} / target {Format(target)} → {replicas}";
                    }

                    return replicas;
                }

            default:
                {
                    if (current > 0 && Within(value / (target * current), upTolerance, downTolerance))
                    {
                        withinTolerance = true;
                        if (explain)
                        {
                            explanation = $"{Format(value)} / {Format(target)} per replica is within tolerance of {current} → {current}";
                        }

                        return current;
                    }

                    var replicas = Ceil(value / target);
                    withinTolerance = false;
                    if (explain)
                    {
                        explanation = $"{Format(value)} / {Format(target)} per replica → {replicas}";
                    }

                    return replicas;
                }
        }
    }

    private static bool Within(double ratio, double up, double down) => ratio >= 1 - down && ratio <= 1 + up;

    /// <summary>Ceiling that forgives floating-point noise (4.0000000001 → 4) and saturates at int.MaxValue.</summary>
    public static int Ceil(double x)
    {
        if (double.IsNaN(x) || x <= 0)
        {
            return 0;
        }

        var c = Math.Ceiling(x - 1e-9);
        return c >= int.MaxValue ? int.MaxValue : (int)c;
    }

    /// <summary>A number as people read it.</summary>
    public static string Format(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
