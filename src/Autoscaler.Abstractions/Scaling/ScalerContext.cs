using Autoscaler.Model;
using Microsoft.Extensions.Logging;

namespace Autoscaler.Scaling;

/// <summary>Everything a scaler factory is given to build a scaler for one trigger.</summary>
public sealed class ScalerContext
{
    /// <summary>The trigger.</summary>
    public required ScaleTrigger Trigger { get; init; }

    /// <summary>The trigger's index in <c>spec.triggers</c>.</summary>
    public required int TriggerIndex { get; init; }

    /// <summary>The owning object's namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The owning object's name.</summary>
    public required string ObjectName { get; init; }

    /// <summary><c>ScaledObject</c> or <c>ScaledJob</c>.</summary>
    public required string ObjectKind { get; init; }

    /// <summary>Parameters resolved from the trigger's authentication reference (secrets). Never log these.</summary>
    public IReadOnlyDictionary<string, string> AuthParams { get; init; } = new Dictionary<string, string>();

    /// <summary>Environment of the target's container, for <c>...FromEnv</c> fields.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The clock. Scalers never read the wall clock directly.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>For the scaler's logs.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;

    /// <summary>The metric name KEDA would give this trigger: <c>s{index}-{type}-{suffix}</c>.</summary>
    public string MetricName(string suffix) =>
        suffix.Length == 0 ? $"s{TriggerIndex}-{Trigger.Type}" : $"s{TriggerIndex}-{Trigger.Type}-{suffix}";
}
