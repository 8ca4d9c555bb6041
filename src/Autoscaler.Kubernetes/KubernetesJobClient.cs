using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Autoscaler.Actuation;
using Autoscaler.Configuration;
using Autoscaler.Model;
using Autoscaler.Runtime.Resources;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Autoscaler.Kubernetes;

/// <summary>
/// Jobs for ScaledJobs: created from <c>jobTargetRef</c> with <c>generateName: &lt;scaledjob&gt;-</c>, the label
/// <c>autoscaler.dev/scaled-job</c> and an owner reference to the ScaledJob (so deleting it deletes its Jobs); listed
/// by that label; deleted with <c>propagationPolicy: Background</c> (the Job's pods go too; batch/v1 would orphan them
/// by default). Only the leader creates or deletes.
/// </summary>
internal sealed class KubernetesJobClient : IJobClient
{
    /// <summary>The label that ties a Job to its ScaledJob.</summary>
    public const string ScaledJobLabel = "autoscaler.dev/scaled-job";

    private readonly IKubernetes _client;
    private readonly ResourceStore _store;
    private readonly ILeadership _leadership;
    private readonly TimeProvider _time;
    private readonly ILogger<KubernetesJobClient> _logger;

    public KubernetesJobClient(IKubernetes client, ResourceStore store, ILeadership leadership, TimeProvider time, ILogger<KubernetesJobClient> logger)
    {
        _client = client;
        _store = store;
        _leadership = leadership;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<JobInfo> CreateJobAsync(JobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var job = BuildJob(request, OwnerUid(request.Namespace, request.ScaledJobName));
        if (!_leadership.IsLeader)
        {
            Log.NotLeaderJob(_logger, request.Namespace, request.ScaledJobName);
            return new JobInfo("(not created: standby)", JobPhase.Pending, _time.GetUtcNow(), null);
        }

        var created = await _client.CustomObjects.CreateNamespacedCustomObjectAsync(job, "batch", "v1", request.Namespace, "jobs", cancellationToken: cancellationToken).ConfigureAwait(false);
        return ToInfo(JsonNode.Parse(KubernetesJson.Serialize(created))!.AsObject());
    }

    /// <summary>The Job object for a request (public for the golden tests of labels and owner references).</summary>
    public static JsonObject BuildJob(JobRequest request, string? ownerUid)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = (JsonObject)request.JobSpec.DeepClone();
        var templateLabels = spec["template"]?["metadata"]?["labels"] as JsonObject;
        var labels = new JsonObject { [ScaledJobLabel] = request.ScaledJobName, ["app.kubernetes.io/managed-by"] = "autoscaler" };
        foreach (var (key, value) in templateLabels ?? [])
        {
            labels[key] ??= value?.DeepClone();
        }

        if (request.Environment.Count > 0 && spec["template"]?["spec"]?["containers"] is JsonArray containers)
        {
            foreach (var container in containers.OfType<JsonObject>())
            {
                var env = container["env"] as JsonArray ?? [];
                foreach (var (name, value) in request.Environment)
                {
                    env.Add(new JsonObject { ["name"] = name, ["value"] = value });
                }

                container["env"] = env;
            }
        }

        var metadata = new JsonObject
        {
            ["generateName"] = request.ScaledJobName + "-",
            ["namespace"] = request.Namespace,
            ["labels"] = labels,
        };
        if (ownerUid is not null)
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = ApiVersions.Autoscaler,
                ["kind"] = ScaledJob.KindName,
                ["name"] = request.ScaledJobName,
                ["uid"] = ownerUid,
                ["controller"] = true,
                ["blockOwnerDeletion"] = true,
            });
        }

        return new JsonObject { ["apiVersion"] = "batch/v1", ["kind"] = "Job", ["metadata"] = metadata, ["spec"] = spec };
    }

    public async ValueTask<IReadOnlyList<JobInfo>> ListJobsAsync(string targetNamespace, string scaledJobName, CancellationToken cancellationToken)
    {
        var list = await _client.CustomObjects.ListNamespacedCustomObjectAsync("batch", "v1", targetNamespace, "jobs",
            labelSelector: $"{ScaledJobLabel}={scaledJobName}", cancellationToken: cancellationToken).ConfigureAwait(false);
        var items = JsonNode.Parse(KubernetesJson.Serialize(list))!["items"]!.AsArray();
        return [.. items.OfType<JsonObject>()
            .Where(j => j["metadata"]?["deletionTimestamp"] is null)
            .Select(ToInfo)
            .OrderBy(j => j.CreatedAt)];
    }

    public async ValueTask DeleteJobAsync(string targetNamespace, string jobName, CancellationToken cancellationToken)
    {
        if (!_leadership.IsLeader)
        {
            return;
        }

        try
        {
            await _client.CustomObjects.DeleteNamespacedCustomObjectAsync("batch", "v1", targetNamespace, "jobs", jobName,
                new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            // Gone already: not an error.
        }
    }

    private string? OwnerUid(string ns, string name) =>
        _store.TryGet(new ResourceKey(ScaledJob.KindName, ns, name), out var stored) ? stored.Resource.Metadata.Uid : null;

    /// <summary>Phase from the Job's status: a Complete/Failed condition, else Running once a pod is ready, else Pending.</summary>
    private static JobInfo ToInfo(JsonObject job)
    {
        var status = job["status"] as JsonObject ?? [];
        var conditions = status["conditions"] as JsonArray ?? [];
        JsonObject? Condition(string type) => conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type && c["status"]?.GetValue<string>() == "True");
        var created = Time(job["metadata"]?["creationTimestamp"]) ?? DateTimeOffset.MinValue;
        if (Condition("Complete") is { } complete)
        {
            return new JobInfo(Name(job), JobPhase.Succeeded, created, Time(status["completionTime"]) ?? Time(complete["lastTransitionTime"]));
        }

        if (Condition("Failed") is { } failed)
        {
            return new JobInfo(Name(job), JobPhase.Failed, created, Time(failed["lastTransitionTime"]));
        }

        var ready = status["ready"]?.GetValue<int>() ?? 0;
        return new JobInfo(Name(job), ready > 0 ? JobPhase.Running : JobPhase.Pending, created, null);
    }

    private static string Name(JsonObject job) => job["metadata"]!["name"]!.GetValue<string>();

    private static DateTimeOffset? Time(JsonNode? node) =>
        node?.GetValue<string>() is { Length: > 0 } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;
}
