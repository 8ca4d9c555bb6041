using Autoscaler.Scaling;
using Autoscaler.Validation;
using Cronos;

namespace Autoscaler.Scalers.Cron;

/// <summary>The cron trigger's metadata, with KEDA's field names.</summary>
public sealed class CronTriggerOptions : IValidatableTriggerOptions
{
    /// <summary>An IANA time zone, for example <c>Europe/Berlin</c>. Required.</summary>
    [TriggerField("timezone")]
    public string Timezone { get; set; } = "";

    /// <summary>A five-field cron expression: when the window starts. Required.</summary>
    [TriggerField("start")]
    public string Start { get; set; } = "";

    /// <summary>A five-field cron expression: when the window ends. Required; not equal to <see cref="Start"/>.</summary>
    [TriggerField("end")]
    public string End { get; set; } = "";

    /// <summary>Replicas inside the window. Required, at least 1.</summary>
    [TriggerField("desiredReplicas")]
    public int DesiredReplicas { get; set; }

    internal TimeZoneInfo? Zone { get; private set; }

    internal CronExpression? StartExpression { get; private set; }

    internal CronExpression? EndExpression { get; private set; }

    /// <inheritdoc />
    public void Validate(ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            Zone = TimeZoneInfo.FindSystemTimeZoneById(Timezone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            errors.Add("timezone", $"unknown time zone '{Timezone}'; use an IANA name such as Europe/Berlin or UTC");
        }

        StartExpression = Parse(Start, "start", errors);
        EndExpression = Parse(End, "end", errors);
        if (Start.Trim() == End.Trim())
        {
            errors.Add("end", "must differ from start");
        }

        if (DesiredReplicas < 1)
        {
            errors.Add("desiredReplicas", $"must be at least 1, got {DesiredReplicas}");
        }
    }

    private static CronExpression? Parse(string text, string field, ErrorList errors)
    {
        try
        {
            return CronExpression.Parse(text, CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            errors.Add(field, $"invalid cron expression '{text}': {e.Message} (five fields: minute hour day-of-month month day-of-week)");
            return null;
        }
    }
}
