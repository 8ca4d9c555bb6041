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

    [LoggerMessage(3020, LogLevel.Information, "{Target} put on node profile {Profile}: {Patch}")]
    public static partial void ProfileApplied(ILogger logger, string target, string profile, string patch);

    [LoggerMessage(3021, LogLevel.Information, "Burst Deployment {Burst} created for {Target} on node profile {Profile}")]
    public static partial void BurstCreated(ILogger logger, string burst, string target, string profile);

    [LoggerMessage(3022, LogLevel.Information, "Burst Deployment {Burst} follows the template of {Target} (hash {Hash})")]
    public static partial void BurstTemplateFollowed(ILogger logger, string burst, string target, string hash);

    [LoggerMessage(3023, LogLevel.Information, "Burst Deployment {Burst} deleted to be made again: the selector of {Target} changed")]
    public static partial void BurstRecreated(ILogger logger, string burst, string target);
}
