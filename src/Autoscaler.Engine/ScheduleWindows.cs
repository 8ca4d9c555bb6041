using System.Collections.Concurrent;
using Autoscaler.Model;
using Cronos;

namespace Autoscaler.Engine;

/// <summary>Evaluates <see cref="ScheduledFloor"/> windows at a given time (cron expressions and time zones parsed once and cached).</summary>
public static class ScheduleWindows
{
    private static readonly ConcurrentDictionary<string, CronExpression> Expressions = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether <paramref name="now"/> is inside the window: the next <c>end</c> occurrence comes before the next
    /// <c>start</c> occurrence (so the latest boundary passed was a start). A window that has just opened at
    /// <paramref name="now"/> is inside.
    /// </summary>
    public static bool IsInside(ScheduledFloor floor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(floor);
        var zone = Zone(floor.Timezone);
        var nextStart = Expression(floor.Start).GetNextOccurrence(now, zone, inclusive: false);
        var nextEnd = Expression(floor.End).GetNextOccurrence(now, zone, inclusive: true);
        if (nextEnd is null)
        {
            return false;
        }

        return nextStart is null || nextEnd < nextStart;
    }

    /// <summary>Parses a 5-field cron expression; throws <see cref="CronFormatException"/> when it is invalid.</summary>
    public static CronExpression Expression(string text) => Expressions.GetOrAdd(text, static t => CronExpression.Parse(t, CronFormat.Standard));

    /// <summary>Finds an IANA (or Windows) time zone; throws <see cref="TimeZoneNotFoundException"/> when unknown.</summary>
    public static TimeZoneInfo Zone(string id) => Zones.GetOrAdd(string.IsNullOrWhiteSpace(id) ? "UTC" : id, static z => TimeZoneInfo.FindSystemTimeZoneById(z));
}
