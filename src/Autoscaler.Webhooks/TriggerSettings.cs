using Autoscaler.Events;

namespace Autoscaler.Webhooks;

/// <summary>The counting settings of one push trigger, taken from its options.</summary>
internal sealed record TriggerSettings(EventMetric Metric, bool JobPerEvent, long WindowSeconds, long PendingTimeoutMs, int MaxQueued, int RateLimit, int RateBurst)
{
    public static TriggerSettings From(PushTriggerOptions o) => new(
        o.Metric,
        o.JobPerEvent,
        (long)o.Window.TotalSeconds,
        (long)o.PendingTimeout.TotalMilliseconds,
        o.MaxQueuedEvents,
        o.RateLimit,
        o.RateLimitBurst > 0 ? o.RateLimitBurst : o.RateLimit);

    public JournalOp Op => JobPerEvent ? JournalOp.Job : Metric == EventMetric.Pending ? JournalOp.Pending : JournalOp.Rate;
}
