using Microsoft.Extensions.Logging;

namespace Autoscaler.Webhooks;

/// <summary>The event hub's log messages, with stable event ids. Secrets and bodies are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Information, "Replayed {Events} live event(s) for {Triggers} trigger(s) from the journal {Path} ({Skipped} unreadable record(s) skipped)")]
    public static partial void Replayed(ILogger logger, long events, int triggers, string path, int skipped);

    [LoggerMessage(6001, LogLevel.Information, "Compacted the event journal {Path}: {Before} -> {After} bytes")]
    public static partial void Compacted(ILogger logger, string path, long before, long after);

    [LoggerMessage(6002, LogLevel.Warning, "Webhook {Key} refused with {Status}: {Reason}")]
    public static partial void Refused(ILogger logger, string key, int status, string reason);

    [LoggerMessage(6003, LogLevel.Error, "The event journal {Path} could not be written")]
    public static partial void JournalFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(6004, LogLevel.Debug, "Webhook {Key} accepted {Accepted} event(s) ({Duplicates} duplicate(s), {Filtered} filtered)")]
    public static partial void Accepted(ILogger logger, string key, int accepted, int duplicates, int filtered);

    [LoggerMessage(6005, LogLevel.Debug, "Webhook {Key} completed {Completed} pending event(s) ({NotPending} not pending: unknown, expired or completed before)")]
    public static partial void Acked(ILogger logger, string key, int completed, int notPending);
}
