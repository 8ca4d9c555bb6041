namespace Autoscaler.Scaling;

/// <summary>How a trigger's metric is compared with its target (the HPA's external metric target types).</summary>
public enum MetricTargetType
{
    /// <summary>The metric is a total; replicas = ceil(value / target). KEDA's default.</summary>
    AverageValue,

    /// <summary>The metric is compared as a whole: replicas = ceil(current × value / target).</summary>
    Value,

    /// <summary>Percent of requested resources (cpu and memory scalers only).</summary>
    Utilization,
}
