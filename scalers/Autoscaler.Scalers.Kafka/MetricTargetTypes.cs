using Autoscaler.Model;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Kafka;

/// <summary>The trigger's <c>metricType</c> (validated at load) as a <see cref="MetricTargetType"/>; AverageValue by default.</summary>
internal static class MetricTargetTypes
{
    public static MetricTargetType Of(ScaleTrigger trigger) =>
        Enum.TryParse<MetricTargetType>(trigger.MetricType, ignoreCase: true, out var type) ? type : MetricTargetType.AverageValue;
}
