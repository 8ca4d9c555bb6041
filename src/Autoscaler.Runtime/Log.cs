using Microsoft.Extensions.Logging;

namespace Autoscaler.Runtime;

/// <summary>The runtime's log messages, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Scaled {Kind} {Namespace}/{Name} target {Target} from {From} to {To}: {Reason} ({Message})")]
    public static partial void Scaled(ILogger logger, string kind, string @namespace, string name, string target, int from, int to, string reason, string message);

    [LoggerMessage(1001, LogLevel.Warning, "Trigger {TriggerIndex} ({TriggerType}) of {Kind} {Namespace}/{Name} failed: {Error}")]
    public static partial void TriggerFailed(ILogger logger, int triggerIndex, string triggerType, string kind, string @namespace, string name, string error);

    [LoggerMessage(1002, LogLevel.Warning, "Target {Target} of {Namespace}/{Name} is unavailable: {Error}")]
    public static partial void TargetUnavailable(ILogger logger, string target, string @namespace, string name, string error);

    [LoggerMessage(1003, LogLevel.Error, "Loop turn of {Kind} {Namespace}/{Name} failed")]
    public static partial void LoopTurnFailed(ILogger logger, Exception exception, string kind, string @namespace, string name);

    [LoggerMessage(1004, LogLevel.Information, "Started {Kind} {Namespace}/{Name} from {Source} ({Triggers} trigger(s), polling every {PollingInterval}s)")]
    public static partial void WorkerStarted(ILogger logger, string kind, string @namespace, string name, string source, int triggers, int pollingInterval);

    [LoggerMessage(1005, LogLevel.Information, "Stopped {Kind} {Namespace}/{Name}")]
    public static partial void WorkerStopped(ILogger logger, string kind, string @namespace, string name);

    [LoggerMessage(1006, LogLevel.Information, "Loaded configuration from {Path}: {Resources} resource(s), {Errors} error(s)")]
    public static partial void ConfigLoaded(ILogger logger, string path, int resources, int errors);

    [LoggerMessage(1007, LogLevel.Error, "Configuration error: {Error}")]
    public static partial void ConfigError(ILogger logger, string error);

    [LoggerMessage(1008, LogLevel.Warning, "{Key} is invalid after an edit; its last good version keeps running")]
    public static partial void KeptLastGood(ILogger logger, string key);

    [LoggerMessage(1009, LogLevel.Information, "Created {Count} Job(s) for ScaledJob {Namespace}/{Name}: {Message}")]
    public static partial void JobsCreated(ILogger logger, int count, string @namespace, string name, string message);

    [LoggerMessage(1010, LogLevel.Warning, "Push scaler {TriggerIndex} ({TriggerType}) of {Namespace}/{Name} stopped with an error")]
    public static partial void PushScalerFailed(ILogger logger, Exception exception, int triggerIndex, string triggerType, string @namespace, string name);

    [LoggerMessage(1011, LogLevel.Information, "Prediction history of {Namespace}/{Name} loaded from {Path}: {Steps} step(s)")]
    public static partial void PredictionHistoryLoaded(ILogger logger, string @namespace, string name, string path, int steps);

    [LoggerMessage(1012, LogLevel.Warning, "Prediction history of {Namespace}/{Name} starts empty ({Reason}); the object scales reactively until it has learned")]
    public static partial void PredictionHistoryEmpty(ILogger logger, string @namespace, string name, string reason);

    [LoggerMessage(1013, LogLevel.Warning, "Prediction history of {Namespace}/{Name} could not be saved to {Path}: {Error}")]
    public static partial void PredictionHistoryNotSaved(ILogger logger, string @namespace, string name, string path, string error);

    [LoggerMessage(1014, LogLevel.Information, "Prediction for {Namespace}/{Name} refitted: {Reason}")]
    public static partial void PredictionRefitted(ILogger logger, string @namespace, string name, string reason);

    [LoggerMessage(1015, LogLevel.Information, "Burst Deployment {Burst} of {Namespace}/{Name} deleted: {Reason}")]
    public static partial void BurstReleased(ILogger logger, string burst, string @namespace, string name, string reason);

    [LoggerMessage(1016, LogLevel.Warning, "Burst Deployment {Burst} of {Namespace}/{Name} could not be deleted: {Error}")]
    public static partial void BurstNotReleased(ILogger logger, string burst, string @namespace, string name, string error);
}
