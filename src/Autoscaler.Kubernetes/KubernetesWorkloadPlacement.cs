using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Autoscaler.Actuation;
using Autoscaler.Configuration;
using Autoscaler.Model;
using Autoscaler.Runtime.Placement;
using Autoscaler.Runtime.Resources;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Autoscaler.Kubernetes;

/// <summary>
/// Placement on a cluster. A profile goes onto the target's pod template as one strategic merge patch (the minimal
/// one from <see cref="NodeProfilePatch"/>; nothing is written when the template is already on the profile). The burst
/// Deployment <c>&lt;target&gt;-burst</c> is the target's pod template with the burst profile applied and the label
/// <c>autoscaler.dev/burst-of=&lt;target&gt;</c> added (also to its selector, so its pods are not the target's), an owner
/// reference to the ScaledObject (the garbage collector deletes it with the ScaledObject) and the annotation
/// <c>autoscaler.dev/template-hash</c>: when the target's template (or the profile) changes, the hash changes and the
/// burst's template is replaced. Only the leader writes.
/// <para>
/// Each check is remembered with the resourceVersions it saw (the target's, and the burst's). The actuator reads the
/// scale subresources first, which carry their parent's resourceVersion, so a turn in which neither object changed
/// skips the checks: a steady object costs its scale reads and nothing more. Any change to either object (a template
/// edit, someone's patch, our own replica write) changes its resourceVersion, and the next turn checks again.
/// </para>
/// </summary>
internal sealed class KubernetesWorkloadPlacement : IWorkloadPlacement
{
    /// <summary>The label (on the burst Deployment and its pods) naming the target it bursts for.</summary>
    public const string BurstOfLabel = "autoscaler.dev/burst-of";

    /// <summary>The label naming the owning ScaledObject.</summary>
    public const string ScaledObjectLabel = "autoscaler.dev/scaled-object";

    /// <summary>The label naming the burst Deployment's node profile.</summary>
    public const string ProfileLabel = "autoscaler.dev/node-profile";

    /// <summary>The annotation holding the hash of the template the burst Deployment was cloned as.</summary>
    public const string TemplateHashAnnotation = "autoscaler.dev/template-hash";

    private readonly IKubernetes _client;
    private readonly KubernetesScaleClient _scale;
    private readonly ResourceStore _store;
    private readonly ILeadership _leadership;
    private readonly NodeProfileCatalog _profiles;
    private readonly ILogger<KubernetesWorkloadPlacement> _logger;

    // What was last found in order, keyed by (object, check): the resourceVersions seen then.
    private readonly ConcurrentDictionary<(ScaleTargetKey Key, string Check), string> _verified = new();

    public KubernetesWorkloadPlacement(IKubernetes client, KubernetesScaleClient scale, ResourceStore store, ILeadership leadership, NodeProfileCatalog profiles,
        ILogger<KubernetesWorkloadPlacement> logger)
    {
        _client = client;
        _scale = scale;
        _store = store;
        _leadership = leadership;
        _profiles = profiles;
        _logger = logger;
    }

    public async ValueTask ApplyProfileAsync(ScaleTargetKey target, string profile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!_leadership.IsLeader)
        {
            return;
        }

        var check = (target, "profile:" + profile);
        if (Unchanged(check, _scale.LastResourceVersion(target)))
        {
            return;
        }

        var workload = await ReadTargetAsync(target, cancellationToken).ConfigureAwait(false);
        var template = workload["spec"]?["template"] as JsonObject ?? [];
        var patch = NodeProfilePatch.For(template, _profiles.Get(profile));
        if (patch.Count == 0)
        {
            _verified[check] = ResourceVersionOf(workload);
            return;
        }

        _verified.TryRemove(check, out _);

        var body = new V1Patch(new JsonObject { ["spec"] = new JsonObject { ["template"] = patch } }.ToJsonString(), V1Patch.PatchType.StrategicMergePatch);
        if (target.Kind == "StatefulSet")
        {
            await _client.AppsV1.PatchNamespacedStatefulSetAsync(body, target.Name, target.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _client.AppsV1.PatchNamespacedDeploymentAsync(body, target.Name, target.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        Log.ProfileApplied(_logger, target.ToString(), profile, patch.ToJsonString());
    }

    public async ValueTask EnsureBurstAsync(BurstRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_leadership.IsLeader)
        {
            return;
        }

        var burst = request.Burst;
        var check = (burst, "burst:" + request.Profile);
        if (Unchanged(check, _scale.LastResourceVersion(request.Target) + "/" + _scale.LastResourceVersion(burst)))
        {
            return;
        }

        _verified.TryRemove(check, out _);
        var target = await ReadTargetAsync(request.Target, cancellationToken).ConfigureAwait(false);
        var wanted = BuildBurst(request, target, _profiles.Get(request.Profile), OwnerUid(request));
        V1Deployment existing;
        try
        {
            existing = await _client.AppsV1.ReadNamespacedDeploymentAsync(burst.Name, burst.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            await CreateAsync(wanted, burst, cancellationToken).ConfigureAwait(false);
            Log.BurstCreated(_logger, burst.ToString(), request.Target.ToString(), request.Profile);
            return;
        }

        if (Entry(existing.Metadata.Labels, BurstOfLabel) != request.Target.Name)
        {
            throw new InvalidOperationException(
                $"Deployment {burst.Namespace}/{burst.Name} exists and is not the burst Deployment of {request.Target} (no label {BurstOfLabel}={request.Target.Name}); rename or delete it");
        }

        var hash = wanted["metadata"]!["annotations"]![TemplateHashAnnotation]!.GetValue<string>();
        if (Entry(existing.Metadata.Annotations, TemplateHashAnnotation) == hash)
        {
            _verified[check] = ResourceVersionOf(target) + "/" + existing.Metadata.ResourceVersion;
            return;
        }

        var current = JsonNode.Parse(KubernetesJson.Serialize(existing))!.AsObject();
        if (!JsonNode.DeepEquals(current["spec"]?["selector"], wanted["spec"]!["selector"]))
        {
            // A Deployment's selector cannot change: the target's did, so the burst is made again.
            await DeleteAsync(burst, cancellationToken).ConfigureAwait(false);
            Log.BurstRecreated(_logger, burst.ToString(), request.Target.ToString());
            return;
        }

        // Replace the template, labels and hash; keep the replicas and everything else the server holds.
        current["metadata"]!["labels"] = wanted["metadata"]!["labels"]!.DeepClone();
        var annotations = current["metadata"]!["annotations"] as JsonObject ?? [];
        annotations[TemplateHashAnnotation] = hash;
        current["metadata"]!["annotations"] = annotations;
        current["spec"]!["template"] = wanted["spec"]!["template"]!.DeepClone();
        try
        {
            await _client.AppsV1.ReplaceNamespacedDeploymentAsync(KubernetesJson.Deserialize<V1Deployment>(current.ToJsonString()), burst.Name, burst.Namespace,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            Log.BurstTemplateFollowed(_logger, burst.ToString(), request.Target.ToString(), hash);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.Conflict))
        {
            // Changed meanwhile (e.g. its replicas were written): the next turn compares the hash again.
        }
    }

    public async ValueTask DeleteBurstAsync(BurstRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_leadership.IsLeader)
        {
            return;
        }

        var burst = request.Burst;
        try
        {
            var existing = await _client.AppsV1.ReadNamespacedDeploymentAsync(burst.Name, burst.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (Entry(existing.Metadata.Labels, BurstOfLabel) != request.Target.Name)
            {
                return;
            }
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            return;
        }

        await DeleteAsync(burst, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The burst Deployment for a target (public for tests): the clone, its labels, owner and template hash.</summary>
    public static JsonObject BuildBurst(BurstRequest request, JsonObject target, NodeProfile profile, string? ownerUid)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        var spec = target["spec"] as JsonObject ?? [];
        var template = (spec["template"] as JsonObject ?? []).DeepClone().AsObject();
        template = NodeProfilePatch.Apply(template, NodeProfilePatch.For(template, profile));
        var metadata = template["metadata"] as JsonObject ?? [];
        template["metadata"] = metadata;
        var podLabels = metadata["labels"] as JsonObject ?? [];
        metadata["labels"] = podLabels;
        podLabels[BurstOfLabel] = request.Target.Name;

        var selector = (spec["selector"] as JsonObject ?? []).DeepClone().AsObject();
        var matchLabels = selector["matchLabels"] as JsonObject ?? [];
        selector["matchLabels"] = matchLabels;
        matchLabels[BurstOfLabel] = request.Target.Name;

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(template.ToJsonString() + "\n" + selector.ToJsonString())))[..16];
        var burstMetadata = new JsonObject
        {
            ["name"] = request.Burst.Name,
            ["namespace"] = request.Burst.Namespace,
            ["labels"] = new JsonObject
            {
                ["app.kubernetes.io/managed-by"] = "autoscaler",
                [BurstOfLabel] = request.Target.Name,
                [ScaledObjectLabel] = request.ScaledObjectName,
                [ProfileLabel] = request.Profile,
            },
            ["annotations"] = new JsonObject { [TemplateHashAnnotation] = hash },
        };
        if (ownerUid is not null)
        {
            burstMetadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = ApiVersions.Autoscaler,
                ["kind"] = ScaledObject.KindName,
                ["name"] = request.ScaledObjectName,
                ["uid"] = ownerUid,
                ["controller"] = true,
                ["blockOwnerDeletion"] = true,
            });
        }

        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = burstMetadata,
            ["spec"] = new JsonObject { ["replicas"] = 0, ["selector"] = selector, ["template"] = template },
        };
    }

    private async Task CreateAsync(JsonObject wanted, ScaleTargetKey burst, CancellationToken cancellationToken)
    {
        try
        {
            await _client.AppsV1.CreateNamespacedDeploymentAsync(KubernetesJson.Deserialize<V1Deployment>(wanted.ToJsonString()), burst.Namespace,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.Conflict))
        {
            // Created meanwhile: the next turn checks it.
        }
    }

    private async Task DeleteAsync(ScaleTargetKey burst, CancellationToken cancellationToken)
    {
        try
        {
            await _client.AppsV1.DeleteNamespacedDeploymentAsync(burst.Name, burst.Namespace, new V1DeleteOptions { PropagationPolicy = "Background" },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            // Gone already.
        }
    }

    private async Task<JsonObject> ReadTargetAsync(ScaleTargetKey target, CancellationToken cancellationToken)
    {
        try
        {
            object workload = target.Kind == "StatefulSet"
                ? await _client.AppsV1.ReadNamespacedStatefulSetAsync(target.Name, target.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await _client.AppsV1.ReadNamespacedDeploymentAsync(target.Name, target.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return JsonNode.Parse(KubernetesJson.Serialize(workload))!.AsObject();
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            throw new ScaleTargetNotFoundException($"{target.Kind} {target.Namespace}/{target.Name} not found", e);
        }
    }

    private bool Unchanged((ScaleTargetKey, string) check, string? seenNow) =>
        _verified.TryGetValue(check, out var seen) && string.Equals(seen, seenNow, StringComparison.Ordinal);

    private static string ResourceVersionOf(JsonObject workload) => workload["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "";

    private static string? Entry(IDictionary<string, string>? map, string key) => map is not null && map.TryGetValue(key, out var value) ? value : null;

    private string? OwnerUid(BurstRequest request) =>
        _store.TryGet(new ResourceKey(ScaledObject.KindName, request.Target.Namespace, request.ScaledObjectName), out var stored) ? stored.Resource.Metadata.Uid : null;
}
