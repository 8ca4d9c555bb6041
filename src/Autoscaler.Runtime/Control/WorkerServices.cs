using Autoscaler.Actuation;
using Autoscaler.Engine;
using Autoscaler.Runtime.Auth;
using Autoscaler.Runtime.Metrics;
using Autoscaler.Runtime.Status;
using Autoscaler.Scaling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Autoscaler.Runtime.Control;

/// <summary>What every object worker needs, gathered once.</summary>
internal sealed record WorkerServices(
    IScalerCatalog Catalog,
    ITriggerAuthResolver Auth,
    TimeProvider Time,
    ILoggerFactory LoggerFactory,
    IScaleClient ScaleClient,
    IJobClient JobClient,
    StatusStore Status,
    AutoscalerMetrics Metrics,
    IOptions<AutoscalerOptions> Options,
    ScaleEngine Engine,
    JobScaleEngine JobEngine)
{
    /// <summary>The per-object predictors; null means prediction is not composed (objects scale reactively).</summary>
    public Prediction.PredictorStore? Predictors { get; init; }

    /// <summary>The node profiles <c>spec.placement</c> may name; null means placement is not composed.</summary>
    public Placement.NodeProfileCatalog? NodeProfiles { get; init; }

    /// <summary>The placement actuator (profiles on targets, burst Deployments); null when the actuator has no <see cref="IWorkloadPlacement"/>.</summary>
    public Placement.PlacementActuator? Placement { get; init; }
}
