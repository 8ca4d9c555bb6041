using System.Globalization;
using Autoscaler.Engine;
using Autoscaler.Engine.Formulas;
using Autoscaler.Model;
using Autoscaler.Scaling;
using Autoscaler.Validation;

namespace Autoscaler.Configuration;

/// <summary>Validation of the scaling-policy fields: Knative mode, scheduled floors and scaling-modifier formulas.</summary>
internal static class PolicyValidation
{
    public static void Knative(KnativeScaling? knative, ErrorList errors)
    {
        if (knative is null)
        {
            return;
        }

        if (!DurationParser.TryParse(knative.StableWindow, out var stable) || stable < TimeSpan.FromSeconds(6) || stable > TimeSpan.FromHours(1))
        {
            errors.Add("stableWindow", $"must be a duration from 6s to 1h, got '{knative.StableWindow}'");
        }

        Range(errors, "panicWindowPercentage", knative.PanicWindowPercentage, 1, 100);
        Range(errors, "panicThresholdPercentage", knative.PanicThresholdPercentage, 110, 1000);
        Range(errors, "targetUtilizationPercentage", knative.TargetUtilizationPercentage, 1, 100);
        if (knative.MaxScaleUpRate <= 1)
        {
            errors.Add("maxScaleUpRate", $"must be greater than 1, got {Format(knative.MaxScaleUpRate)}");
        }

        if (knative.MaxScaleDownRate <= 1)
        {
            errors.Add("maxScaleDownRate", $"must be greater than 1, got {Format(knative.MaxScaleDownRate)}");
        }

        if (!DurationParser.TryParse(knative.ScaleToZeroGracePeriod, out _))
        {
            errors.Add("scaleToZeroGracePeriod", $"must be a duration such as 30s, got '{knative.ScaleToZeroGracePeriod}'");
        }

        if (!DurationParser.TryParse(knative.ScaleDownDelay, out var delay) || delay > TimeSpan.FromHours(1))
        {
            errors.Add("scaleDownDelay", $"must be a duration from 0s to 1h, got '{knative.ScaleDownDelay}'");
        }

        if (knative.ActivationScale < 1)
        {
            errors.Add("activationScale", $"must be at least 1, got {knative.ActivationScale}");
        }
    }

    public static void ScheduledFloors(List<ScheduledFloor> floors, int maxReplicas, ErrorList errors)
    {
        for (var i = 0; i < floors.Count; i++)
        {
            var floor = floors[i];
            var f = errors.At($"[{i}]");
            Cron(f, "start", floor.Start);
            Cron(f, "end", floor.End);
            try
            {
                ScheduleWindows.Zone(floor.Timezone);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                f.Add("timezone", $"unknown time zone '{floor.Timezone}' (use an IANA name such as Europe/Berlin)");
            }

            if (floor.MinReplicas < 1)
            {
                f.Add("minReplicas", $"must be at least 1, got {floor.MinReplicas}");
            }
            else if (floor.MinReplicas > maxReplicas)
            {
                f.Add("minReplicas", $"must be at most maxReplicaCount ({maxReplicas}), got {floor.MinReplicas}");
            }
        }
    }

    public static void Formula(string text, List<ScaleTrigger> triggers, ErrorList errors)
    {
        var names = triggers.Select(t => t.Name!).ToHashSet(StringComparer.Ordinal);
        try
        {
            Engine.Formulas.Formula.Parse(text, names);
        }
        catch (FormulaException e)
        {
            errors.Add("formula", $"{e.Message} in '{text}'");
        }
    }

    private static void Cron(ErrorList errors, string field, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, "is required (a 5-field cron expression such as '0 8 * * 1-5')");
            return;
        }

        try
        {
            ScheduleWindows.Expression(text);
        }
        catch (Cronos.CronFormatException e)
        {
            errors.Add(field, $"is not a 5-field cron expression: {e.Message}");
        }
    }

    private static void Range(ErrorList errors, string field, double value, double min, double max)
    {
        if (value < min || value > max)
        {
            errors.Add(field, $"must be from {Format(min)} to {Format(max)}, got {Format(value)}");
        }
    }

    private static string Format(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
