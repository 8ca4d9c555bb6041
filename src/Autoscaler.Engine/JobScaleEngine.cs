using Autoscaler.Model;

namespace Autoscaler.Engine;

/// <summary>
/// The decision core for ScaledJobs, with KEDA's scaling strategies (default, custom, accurate, eager) and
/// multiple-scaler calculations (max, min, avg, sum). Pure.
/// </summary>
public sealed class JobScaleEngine
{
    /// <summary>Decides how many Jobs to create.</summary>
    public JobScaleDecision Decide(JobScaleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Spec;
        var read = input.Triggers.Where(t => !t.HasFailed && t.Metric is not null && t.Value is not null).ToList();
        var isActive = read.Any(t => t.IsActive);
        if (read.Count == 0)
        {
            return new JobScaleDecision(0, false, 0, 0, input.Triggers.Count == 0 ? "no triggers" : "every trigger failed; creating no Jobs");
        }

        var queues = read.Select(t => t.Value!.Value).ToList();
        var scales = read.Select(t => (double)Math.Min(ReplicaMath.Ceil(t.Value!.Value / t.Metric!.Target), spec.MaxReplicaCount)).ToList();
        var queue = Combine(spec.ScalingStrategy.MultipleScalersCalculation, queues);
        var maxScale = (int)Math.Min(Math.Ceiling(Combine(spec.ScalingStrategy.MultipleScalersCalculation, scales)), spec.MaxReplicaCount);
        var running = input.RunningJobs;
        var pending = input.PendingJobs;
        var max = spec.MaxReplicaCount;

        int effective;
        string how;
        if (!isActive)
        {
            effective = 0;
            how = "no trigger active";
        }
        else
        {
            switch (spec.ScalingStrategy.Strategy)
            {
                case "custom":
                    {
                        var deduction = spec.ScalingStrategy.CustomScalingQueueLengthDeduction ?? 0;
                        var percentage = double.TryParse(spec.ScalingStrategy.CustomScalingRunningJobPercentage, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : 0;
                        effective = (int)Math.Min(maxScale - deduction - (running * percentage), max);
                        how = $"custom: min({maxScale} - {deduction} - {running} × {ReplicaMath.Format(percentage)}, {max})";
                        break;
                    }

                case "accurate":
                    if (maxScale + running > max)
                    {
                        effective = max - running;
                        how = $"accurate: {max} max - {running} running";
                    }
                    else
                    {
                        effective = maxScale - pending;
                        how = $"accurate: {maxScale} - {pending} pending";
                    }

                    break;
                case "eager":
                    effective = Math.Min(max - running - pending, maxScale);
                    how = $"eager: min({max} - {running} running - {pending} pending, {maxScale})";
                    break;
                default:
                    effective = maxScale - running;
                    how = $"default: {maxScale} - {running} running";
                    break;
            }
        }

        // minReplicaCount Jobs are kept in existence whatever the triggers say.
        var belowMin = spec.MinReplicaCount - running;
        if (belowMin > effective)
        {
            effective = belowMin;
            how += $"; raised to keep minReplicaCount {spec.MinReplicaCount}";
        }

        effective = Math.Clamp(effective, 0, Math.Max(0, max - running));
        return new JobScaleDecision(effective, isActive, queue, maxScale, $"queue {ReplicaMath.Format(queue)}, {how} → {effective} new Job(s)");
    }

    private static double Combine(string calculation, List<double> values) => calculation switch
    {
        "min" => values.Min(),
        "avg" => values.Average(),
        "sum" => values.Sum(),
        _ => values.Max(),
    };
}
