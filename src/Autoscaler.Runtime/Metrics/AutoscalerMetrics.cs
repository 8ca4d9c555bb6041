using Prometheus;

namespace Autoscaler.Runtime.Metrics;

/// <summary>
/// The service's Prometheus metrics, with KEDA's names and labels where KEDA has them (so KEDA dashboards work)
/// and our own replica gauges. Each instance has its own registry, so several hosts in one process do not mix.
/// </summary>
public sealed class AutoscalerMetrics
{
    private static readonly string[] ScalerLabels = ["namespace", "metric", "scaledObject", "scaler", "triggerIndex", "type"];
    private static readonly string[] ReplicaLabels = ["namespace", "scaledObject", "type"];
    private static readonly string[] PredictionLabels = ["namespace", "scaledObject"];

    /// <summary>Creates the metrics in a new registry.</summary>
    public AutoscalerMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        ScalerMetricsValue = factory.CreateGauge("keda_scaler_metrics_value",
            "The current value of each scaler's metric, used to compute the target replicas.", ScalerLabels);
        ScalerActive = factory.CreateGauge("keda_scaler_active",
            "Whether each scaler is active (1) or not (0).", ScalerLabels);
        ScalerDetailErrors = factory.CreateCounter("keda_scaler_detail_errors_total",
            "Errors encountered by each scaler.", ScalerLabels);
        ScaledObjectErrors = factory.CreateCounter("keda_scaled_object_errors_total",
            "Errors encountered per ScaledObject.", "namespace", "scaledObject");
        ScaledJobErrors = factory.CreateCounter("keda_scaled_job_errors_total",
            "Errors encountered per ScaledJob.", "namespace", "scaledJob");
        ScaleLoopLatency = factory.CreateGauge("keda_internal_scale_loop_latency_seconds",
            "Deviation between the expected and the actual start of each scale loop, in seconds.", "namespace", "type", "resource");
        DesiredReplicas = factory.CreateGauge("autoscaler_replicas_desired",
            "The replica count the engine decided last.", ReplicaLabels);
        CurrentReplicas = factory.CreateGauge("autoscaler_replicas_current",
            "Pods of the target that exist.", ReplicaLabels);
        ReadyReplicas = factory.CreateGauge("autoscaler_replicas_ready",
            "Pods of the target that are ready.", ReplicaLabels);
        ScaleActions = factory.CreateCounter("autoscaler_scale_actions_total",
            "Replica changes written to the target.", "namespace", "scaledObject", "direction");
        JobsCreated = factory.CreateCounter("autoscaler_jobs_created_total",
            "Jobs created for ScaledJobs.", "namespace", "scaledJob");
        DecisionDuration = factory.CreateHistogram("autoscaler_decision_duration_seconds",
            "Time from the start of a loop turn to the decision handed to the actuator.",
            new HistogramConfiguration { LabelNames = ["type"], Buckets = Histogram.ExponentialBuckets(0.0001, 4, 10) });
        ConfigErrors = factory.CreateGauge("autoscaler_config_errors",
            "Errors found by the last load of the configuration folder.");
        PredictedDemand = factory.CreateGauge("autoscaler_prediction_demand",
            "Upper-quantile forecast demand over [now + lead time, now + lead time + window], in replicas.", PredictionLabels);
        PredictedReplicas = factory.CreateGauge("autoscaler_prediction_replicas",
            "Replicas the forecast alone asks for (0 before the first fit).", PredictionLabels);
        PredictionFromForecast = factory.CreateGauge("autoscaler_prediction_replicas_from_forecast",
            "1 when the current replicas come from the forecast or its warm minimum (above the reactive answer), else 0.", PredictionLabels);
        PredictionBacktestMase = factory.CreateGauge("autoscaler_prediction_backtest_mase",
            "Rolling-origin backtest MASE of the chosen model (below 1 beats the naive forecast).", PredictionLabels);
        PredictionPeriod = factory.CreateGauge("autoscaler_prediction_period_seconds",
            "Detected (or configured) period of the demand, in seconds; 0 when none.", PredictionLabels);
        PredictionLeadTime = factory.CreateGauge("autoscaler_prediction_lead_time_seconds",
            "Lead time in use (learned from time-to-ready, or the default/configured one), in seconds.", PredictionLabels);
        PredictionModel = factory.CreateGauge("autoscaler_prediction_model_info",
            "1 for the model in use (label model).", [.. PredictionLabels, "model"]);
    }

    /// <summary>autoscaler_prediction_demand{namespace, scaledObject}.</summary>
    public Gauge PredictedDemand { get; }

    /// <summary>autoscaler_prediction_replicas{namespace, scaledObject}.</summary>
    public Gauge PredictedReplicas { get; }

    /// <summary>autoscaler_prediction_replicas_from_forecast{namespace, scaledObject}.</summary>
    public Gauge PredictionFromForecast { get; }

    /// <summary>autoscaler_prediction_backtest_mase{namespace, scaledObject}.</summary>
    public Gauge PredictionBacktestMase { get; }

    /// <summary>autoscaler_prediction_period_seconds{namespace, scaledObject}.</summary>
    public Gauge PredictionPeriod { get; }

    /// <summary>autoscaler_prediction_lead_time_seconds{namespace, scaledObject}.</summary>
    public Gauge PredictionLeadTime { get; }

    /// <summary>autoscaler_prediction_model_info{namespace, scaledObject, model}.</summary>
    public Gauge PredictionModel { get; }

    /// <summary>The registry to export.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary><c>keda_scaler_metrics_value</c>.</summary>
    public Gauge ScalerMetricsValue { get; }

    /// <summary><c>keda_scaler_active</c>.</summary>
    public Gauge ScalerActive { get; }

    /// <summary><c>keda_scaler_detail_errors_total</c>.</summary>
    public Counter ScalerDetailErrors { get; }

    /// <summary><c>keda_scaled_object_errors_total</c>.</summary>
    public Counter ScaledObjectErrors { get; }

    /// <summary><c>keda_scaled_job_errors_total</c>.</summary>
    public Counter ScaledJobErrors { get; }

    /// <summary><c>keda_internal_scale_loop_latency_seconds</c>.</summary>
    public Gauge ScaleLoopLatency { get; }

    /// <summary><c>autoscaler_replicas_desired</c>.</summary>
    public Gauge DesiredReplicas { get; }

    /// <summary><c>autoscaler_replicas_current</c>.</summary>
    public Gauge CurrentReplicas { get; }

    /// <summary><c>autoscaler_replicas_ready</c>.</summary>
    public Gauge ReadyReplicas { get; }

    /// <summary><c>autoscaler_scale_actions_total</c>.</summary>
    public Counter ScaleActions { get; }

    /// <summary><c>autoscaler_jobs_created_total</c>.</summary>
    public Counter JobsCreated { get; }

    /// <summary><c>autoscaler_decision_duration_seconds</c>.</summary>
    public Histogram DecisionDuration { get; }

    /// <summary><c>autoscaler_config_errors</c>.</summary>
    public Gauge ConfigErrors { get; }

    /// <summary>Removes every series of one object (when it is deleted).</summary>
    public void Forget(string ns, string name, string type, IEnumerable<string[]> scalerLabelSets)
    {
        ArgumentNullException.ThrowIfNull(scalerLabelSets);
        foreach (var labels in scalerLabelSets)
        {
            ScalerMetricsValue.RemoveLabelled(labels);
            ScalerActive.RemoveLabelled(labels);
        }

        DesiredReplicas.RemoveLabelled(ns, name, type);
        CurrentReplicas.RemoveLabelled(ns, name, type);
        ReadyReplicas.RemoveLabelled(ns, name, type);
        ScaleLoopLatency.RemoveLabelled(ns, type, name);
        ForgetPrediction(ns, name);
    }

    /// <summary>Removes the prediction series of one object (deleted, or prediction turned off).</summary>
    public void ForgetPrediction(string ns, string name)
    {
        foreach (var gauge in new[] { PredictedDemand, PredictedReplicas, PredictionFromForecast, PredictionBacktestMase, PredictionPeriod, PredictionLeadTime })
        {
            gauge.RemoveLabelled(ns, name);
        }

        foreach (var labels in PredictionModel.GetAllLabelValues().Where(l => l[0] == ns && l[1] == name).ToList())
        {
            PredictionModel.RemoveLabelled(labels);
        }
    }
}
