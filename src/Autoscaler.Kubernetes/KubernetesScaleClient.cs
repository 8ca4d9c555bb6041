using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Autoscaler.Actuation;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Autoscaler.Kubernetes;

/// <summary>
/// The actuator on the scale subresource of any target that has one (Deployments, StatefulSets, custom resources).
/// An omitted <c>spec.replicas</c> reads as 0 (the API server omits it at 0). A write is one merge patch carrying the
/// resourceVersion last read, so a concurrent change gives 409 Conflict; the write is then retried on freshly read
/// state (and dropped when the fresh state already has the wanted replicas). Nothing is written when nothing changes,
/// and nothing at all while this instance is not the leader.
/// </summary>
internal sealed class KubernetesScaleClient : IScaleClient
{
    private readonly IKubernetes _client;
    private readonly ILeadership _leadership;
    private readonly KubernetesOptions _options;
    private readonly ILogger<KubernetesScaleClient> _logger;
    private readonly ConcurrentDictionary<ScaleTargetKey, (string ResourceVersion, ScaleTargetState State)> _lastRead = new();

    public KubernetesScaleClient(IKubernetes client, ILeadership leadership, IOptions<KubernetesOptions> options, ILogger<KubernetesScaleClient> logger)
    {
        _client = client;
        _leadership = leadership;
        _options = options.Value;
        _logger = logger;
    }

    public async ValueTask<ScaleTargetState> GetScaleAsync(ScaleTargetKey target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        return (await ReadAsync(target, cancellationToken).ConfigureAwait(false)).State;
    }

    public async ValueTask<ScaleTargetState> SetReplicasAsync(ScaleTargetKey target, int replicas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var current = _lastRead.TryGetValue(target, out var cached) ? cached : await ReadAsync(target, cancellationToken).ConfigureAwait(false);
        if (!_leadership.IsLeader)
        {
            Log.NotLeader(_logger, target.ToString(), replicas);
            return current.State;
        }

        var names = ResourceNames.Of(target);
        for (var attempt = 1; ; attempt++)
        {
            if (current.State.DesiredReplicas == replicas)
            {
                return current.State;
            }

            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject { ["resourceVersion"] = current.ResourceVersion },
                ["spec"] = new JsonObject { ["replicas"] = replicas },
            };
            try
            {
                var result = await _client.CustomObjects.PatchNamespacedCustomObjectScaleAsync(
                    new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), names.Group, names.Version, target.Namespace, names.Plural, target.Name,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                return Remember(target, result).State;
            }
            catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.Conflict) && attempt < _options.ConflictRetries)
            {
                Log.ScaleConflict(_logger, target.ToString(), attempt);
                current = await ReadAsync(target, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
            {
                _lastRead.TryRemove(target, out _);
                throw new ScaleTargetNotFoundException(NotFoundMessage(target, names), e);
            }
        }
    }

    /// <summary>
    /// The resourceVersion of the target as last read or written through its scale subresource (the scale
    /// subresource carries its parent's resourceVersion), or null when it was never read or is gone.
    /// </summary>
    public string? LastResourceVersion(ScaleTargetKey target) =>
        _lastRead.TryGetValue(target, out var entry) && entry.ResourceVersion.Length > 0 ? entry.ResourceVersion : null;

    private async Task<(string ResourceVersion, ScaleTargetState State)> ReadAsync(ScaleTargetKey target, CancellationToken cancellationToken)
    {
        var names = ResourceNames.Of(target);
        try
        {
            var scale = await _client.CustomObjects.GetNamespacedCustomObjectScaleAsync(names.Group, names.Version, target.Namespace, names.Plural, target.Name, cancellationToken)
                .ConfigureAwait(false);
            return Remember(target, scale);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            _lastRead.TryRemove(target, out _);
            throw new ScaleTargetNotFoundException(NotFoundMessage(target, names), e);
        }
    }

    private static string NotFoundMessage(ScaleTargetKey target, ResourceNames names) =>
        $"{target.Kind} {target.Namespace}/{target.Name} not found (or it has no scale subresource): GET /apis/{names.Group}/{names.Version}/namespaces/{target.Namespace}/{names.Plural}/{target.Name}/scale gave 404";

    private (string ResourceVersion, ScaleTargetState State) Remember(ScaleTargetKey target, object scale)
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(scale))!;
        var desired = Int(node["spec"]?["replicas"]);
        var current = Int(node["status"]?["replicas"]);
        var entry = (node["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "", new ScaleTargetState(desired, current, current));
        _lastRead[target] = entry;
        return entry;
    }

    private static int Int(JsonNode? node) => node is null ? 0 : int.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);
}
