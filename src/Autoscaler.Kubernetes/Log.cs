using Microsoft.Extensions.Logging;

namespace Autoscaler.Kubernetes;

/// <summary>Kubernetes mode's log messages, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "Kubernetes mode: API server {Server}")]
    public static partial void Mode(ILogger logger, string server);

    [LoggerMessage(3001, LogLevel.Information, "Listed {Plural}: {Count} object(s) at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string plural, int count, string resourceVersion);

    [LoggerMessage(3002, LogLevel.Warning, "Watch of {Plural} got an ERROR event {Code}: {Message}")]
    public static partial void WatchError(ILogger logger, string plural, int code, string message);

    [LoggerMessage(3003, LogLevel.Warning, "Watch of {Plural} failed, retrying: {Error}")]
    public static partial void WatchFailed(ILogger logger, string plural, string error);

    [LoggerMessage(3004, LogLevel.Warning, "{Key} is invalid: {Errors}")]
    public static partial void Invalid(ILogger logger, string key, string errors);

    [LoggerMessage(3005, LogLevel.Information, "Scale of {Target} hit 409 Conflict (attempt {Attempt}); retrying on fresh state")]
    public static partial void ScaleConflict(ILogger logger, string target, int attempt);

    [LoggerMessage(3006, LogLevel.Debug, "Not the leader: not scaling {Target} to {Replicas}")]
    public static partial void NotLeader(ILogger logger, string target, int replicas);

    [LoggerMessage(3007, LogLevel.Debug, "Not the leader: not creating a Job for {Namespace}/{Name}")]
    public static partial void NotLeaderJob(ILogger logger, string @namespace, string name);

    [LoggerMessage(3008, LogLevel.Warning, "Status or event write failed: {Error}")]
    public static partial void StatusWriteFailed(ILogger logger, string error);

    [LoggerMessage(3009, LogLevel.Warning, "Lease {Lease}: {Error}")]
    public static partial void LeaseFailed(ILogger logger, string lease, string error);

    [LoggerMessage(3010, LogLevel.Information, "{Identity} is the leader (Lease {Lease}, acquired {Time:O})")]
    public static partial void LeadershipAcquired(ILogger logger, string identity, string lease, DateTime time);

    [LoggerMessage(3011, LogLevel.Warning, "{Identity} could not renew the Lease in time and stopped writing")]
    public static partial void LeadershipLost(ILogger logger, string identity);
}
