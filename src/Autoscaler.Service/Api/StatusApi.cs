using Autoscaler.Configuration;
using Autoscaler.Model;
using Autoscaler.Runtime.Embedded;
using Autoscaler.Runtime.Resources;
using Autoscaler.Runtime.Status;

namespace Autoscaler.Service.Api;

/// <summary>The read-only REST API: objects, their triggers and replicas, the configuration, the embedded cluster.</summary>
internal static class StatusApi
{
    public static void MapStatusApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/scaledobjects", (ResourceStore store, StatusStore status) =>
            store.OfKind<ScaledObject>()
                .OrderBy(o => o.Metadata.Namespace, StringComparer.Ordinal).ThenBy(o => o.Metadata.Name, StringComparer.Ordinal)
                .Select(o => status.GetScaledObject(o.Metadata.Namespace, o.Metadata.Name) ?? Pending(store, o)));

        api.MapGet("/scaledobjects/{ns}/{name}", (string ns, string name, ResourceStore store, StatusStore status) =>
            status.GetScaledObject(ns, name) is { } s ? Results.Ok(s)
            : store.TryGet(new ResourceKey(ScaledObject.KindName, ns, name), out var stored) ? Results.Ok(Pending(store, (ScaledObject)stored.Resource))
            : NotFound(ScaledObject.KindName, ns, name));

        api.MapGet("/scaledjobs", (ResourceStore store, StatusStore status) =>
            store.OfKind<ScaledJob>()
                .OrderBy(o => o.Metadata.Namespace, StringComparer.Ordinal).ThenBy(o => o.Metadata.Name, StringComparer.Ordinal)
                .Select(o => status.GetScaledJob(o.Metadata.Namespace, o.Metadata.Name) ?? Pending(store, o)));

        api.MapGet("/scaledjobs/{ns}/{name}", (string ns, string name, ResourceStore store, StatusStore status) =>
            status.GetScaledJob(ns, name) is { } s ? Results.Ok(s)
            : store.TryGet(new ResourceKey(ScaledJob.KindName, ns, name), out var stored) ? Results.Ok(Pending(store, (ScaledJob)stored.Resource))
            : NotFound(ScaledJob.KindName, ns, name));

        api.MapGet("/config", (ConfigStatus config, FileResourceSource source) => new
        {
            path = source.Path,
            lastLoadTime = config.LastLoadTime,
            errors = config.Errors.Select(e => new { file = e.File, line = e.Line, column = e.Column, path = e.Path, message = e.Message, text = e.ToString() }),
            keptLastGood = config.KeptLastGood.Select(k => k.ToString()),
        });

        api.MapGet("/cluster/workloads", (IServiceProvider services) =>
            services.GetService<SimulatedCluster>() is { } cluster
                ? Results.Ok(cluster.Workloads().Select(w => new
                {
                    @namespace = w.Target.Namespace,
                    kind = w.Target.Kind,
                    name = w.Target.Name,
                    desiredReplicas = w.DesiredReplicas,
                    currentReplicas = w.CurrentReplicas,
                    readyReplicas = w.ReadyReplicas,
                    lastScaleTime = w.LastScaleTime,
                    profile = w.Profile,
                    burstOf = w.BurstOf,
                }))
                : Results.Problem("the embedded cluster is not in use", statusCode: StatusCodes.Status404NotFound));
    }

    private static IResult NotFound(string kind, string ns, string name) =>
        Results.Problem($"{kind} {ns}/{name} not found", statusCode: StatusCodes.Status404NotFound, title: "Not Found");

    private static ScaledObjectStatus Pending(ResourceStore store, ScaledObject o) => new()
    {
        Namespace = o.Metadata.Namespace,
        Name = o.Metadata.Name,
        Source = store.TryGet(ResourceKey.Of(o), out var s) ? s.Source : "",
        Target = $"{o.Spec.ScaleTargetRef.Kind}/{o.Spec.ScaleTargetRef.Name}",
        MinReplicas = o.Spec.MinReplicaCount,
        MaxReplicas = o.Spec.MaxReplicaCount,
        PollingInterval = o.Spec.PollingInterval,
        Message = "waiting for the first loop turn",
    };

    private static ScaledJobStatus Pending(ResourceStore store, ScaledJob o) => new()
    {
        Namespace = o.Metadata.Namespace,
        Name = o.Metadata.Name,
        Source = store.TryGet(ResourceKey.Of(o), out var s) ? s.Source : "",
        MaxReplicas = o.Spec.MaxReplicaCount,
        Strategy = o.Spec.ScalingStrategy.Strategy,
        Message = "waiting for the first loop turn",
    };
}
