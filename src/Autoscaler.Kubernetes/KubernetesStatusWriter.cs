using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Autoscaler.Configuration;
using Autoscaler.Model;
using Autoscaler.Runtime.Resources;
using Autoscaler.Runtime.Status;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Autoscaler.Kubernetes;

/// <summary>
/// Writes what the control loop publishes (<see cref="StatusStore"/>) back to the cluster: the ScaledObject /
/// ScaledJob status subresource (conditions Ready, Active, Fallback, Paused; lastActiveTime; current and desired
/// replicas; running and pending Jobs) when it changed, a core/v1 Event for every scale with the engine's reason, and
/// for invalid objects a Ready=False condition plus a Warning Event with the validator's messages. Writes go through a
/// queue on a background task so a worker never waits on the API server; only the leader writes.
/// </summary>
internal sealed class KubernetesStatusWriter : BackgroundService
{
    private const string Component = "autoscaler";
    private readonly IKubernetes _client;
    private readonly ResourceStore _store;
    private readonly StatusStore _statusStore;
    private readonly ILeadership _leadership;
    private readonly TimeProvider _time;
    private readonly KubernetesOptions _options;
    private readonly ILogger<KubernetesStatusWriter> _logger;
    private readonly Channel<Func<CancellationToken, Task>> _work = Channel.CreateUnbounded<Func<CancellationToken, Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<ResourceKey, string> _written = new();
    private readonly ConcurrentDictionary<ResourceKey, DateTimeOffset> _lastScale = new();
    private readonly ConcurrentDictionary<ResourceKey, string> _invalidReported = new();
    private readonly ConcurrentDictionary<(ResourceKey, string), (string Status, string Time)> _transitions = new();

    public KubernetesStatusWriter(IKubernetes client, ResourceStore store, StatusStore statusStore, ILeadership leadership, TimeProvider time,
        IOptions<KubernetesOptions> options, ILogger<KubernetesStatusWriter> logger)
    {
        _client = client;
        _store = store;
        _statusStore = statusStore;
        _leadership = leadership;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Events written (for tests and benchmarks).</summary>
    public int EventsWritten => _eventsWritten;

    private int _eventsWritten;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _statusStore.ScaledObjectStatusSet += OnScaledObject;
        _statusStore.ScaledJobStatusSet += OnScaledJob;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _statusStore.ScaledObjectStatusSet -= OnScaledObject;
        _statusStore.ScaledJobStatusSet -= OnScaledJob;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in _work.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await work(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    Log.StatusWriteFailed(_logger, ApiErrors.Message(e));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Reports an invalid object once per generation: Ready=False with the messages, and a Warning Event.</summary>
    public void ReportInvalid(ResourceKey key, string? uid, string? generation, IReadOnlyList<string> messages)
    {
        var stamp = $"{uid}/{generation}/{string.Join("|", messages)}";
        if (_invalidReported.TryGetValue(key, out var previous) && previous == stamp)
        {
            return;
        }

        _invalidReported[key] = stamp;
        var message = string.Join("; ", messages);
        var status = new JsonObject
        {
            ["conditions"] = new JsonArray(Condition(key, "Ready", "False", "InvalidSpec", message)),
        };
        // Reported once per generation, so the report must not be lost when this instance is not (yet) the leader.
        Enqueue(key, status, untilLeader: true);
        Event(key, uid, "Warning", "InvalidSpec", message, untilLeader: true);
    }

    /// <summary>Forgets an earlier invalid report (the object is valid again).</summary>
    public void ClearInvalid(ResourceKey key) => _invalidReported.TryRemove(key, out _);

    private void OnScaledObject(ResourceKey key, ScaledObjectStatus status)
    {
        var conditions = new JsonArray([.. status.Conditions.Select(c => (JsonNode)Condition(key, c.Type, c.Status, c.Reason, c.Message))]);
        var body = new JsonObject
        {
            ["conditions"] = conditions,
            ["lastActiveTime"] = status.LastActiveTime is { } active ? Time(active) : null,
            ["currentReplicas"] = status.CurrentReplicas,
            ["desiredReplicas"] = status.DesiredReplicas,
        };
        if (status.Placement is { } placement)
        {
            body["placement"] = new JsonObject
            {
                ["profile"] = placement.Profile,
                ["baseReplicas"] = placement.BaseReplicas,
                ["burstTarget"] = placement.BurstTarget,
                ["burstProfile"] = placement.BurstProfile,
                ["burstReplicas"] = placement.BurstReplicas,
            };
        }

        Enqueue(key, body);
        if (status.LastScaleTime is { } scaled && (!_lastScale.TryGetValue(key, out var last) || last != scaled))
        {
            _lastScale[key] = scaled;
            Event(key, Uid(key), "Normal", status.Reason ?? "Scaled", $"Scaled {status.Target} {status.LastScaleReason}");
        }
    }

    private void OnScaledJob(ResourceKey key, ScaledJobStatus status)
    {
        var body = new JsonObject
        {
            ["conditions"] = new JsonArray([.. status.Conditions.Select(c => (JsonNode)Condition(key, c.Type, c.Status, c.Reason, c.Message))]),
            ["lastActiveTime"] = status.LastActiveTime is { } active ? Time(active) : null,
            ["runningJobs"] = status.RunningJobs,
            ["pendingJobs"] = status.PendingJobs,
        };
        Enqueue(key, body);
        if (status.LastCreated > 0)
        {
            Event(key, Uid(key), "Normal", "JobsCreated", $"Created {status.LastCreated} job(s): {status.Message}");
        }
    }

    private JsonObject Condition(ResourceKey key, string type, string status, string reason, string message)
    {
        var now = Time(_time.GetUtcNow());
        var transition = _transitions.AddOrUpdate((key, type), (status, now), (_, old) => old.Status == status ? old : (status, now));
        return new JsonObject { ["type"] = type, ["status"] = status, ["reason"] = reason, ["message"] = message, ["lastTransitionTime"] = transition.Time };
    }

    /// <summary>Queues a merge patch of the status when it differs from what was last written.</summary>
    private void Enqueue(ResourceKey key, JsonObject status, bool untilLeader = false)
    {
        var text = status.ToJsonString();
        if (_written.TryGetValue(key, out var previous) && previous == text)
        {
            return;
        }

        Submit(async cancellationToken =>
        {
            if (_written.TryGetValue(key, out var last) && last == text)
            {
                return;
            }

            var plural = Plural(key.Kind);
            var patch = new V1Patch(new JsonObject { ["status"] = JsonNode.Parse(text) }.ToJsonString(), V1Patch.PatchType.MergePatch);
            try
            {
                if (key.Namespace.Length == 0)
                {
                    await _client.CustomObjects.PatchClusterCustomObjectStatusAsync(patch, ApiVersions.Group, "v1alpha1", plural, key.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(patch, ApiVersions.Group, "v1alpha1", key.Namespace, plural, key.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                _written[key] = text;
            }
            catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
            {
                // Deleted meanwhile (or a file-mode object): nothing to write.
            }
        }, untilLeader);
    }

    private void Event(ResourceKey key, string? uid, string type, string reason, string message, bool untilLeader = false)
    {
        Submit(async cancellationToken =>
        {
            var now = _time.GetUtcNow().UtcDateTime;
            var ns = key.Namespace.Length == 0 ? (_options.OperatorNamespace ?? "default") : key.Namespace;
            var item = new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = $"{key.Name}.{now.Ticks.ToString("x", CultureInfo.InvariantCulture)}", NamespaceProperty = ns },
                InvolvedObject = new V1ObjectReference
                {
                    ApiVersion = ApiVersions.Autoscaler,
                    Kind = key.Kind,
                    Name = key.Name,
                    NamespaceProperty = key.Namespace.Length == 0 ? null : key.Namespace,
                    Uid = uid,
                },
                Reason = reason,
                Message = message.Length > 1024 ? message[..1024] : message,
                Type = type,
                Source = new V1EventSource { Component = Component },
                FirstTimestamp = now,
                LastTimestamp = now,
                Count = 1,
                ReportingComponent = "autoscaler.dev/autoscaler",
                ReportingInstance = _options.Identity ?? Environment.MachineName,
            };
            await _client.CoreV1.CreateNamespacedEventAsync(item, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _eventsWritten);
        }, untilLeader);
    }

    /// <summary>
    /// Queues a write that only the leader performs. A write a standby sees is dropped (the loop publishes statuses
    /// again every turn) unless <paramref name="untilLeader"/>: then it is retried every second until this instance
    /// leads, for one-shot reports such as an invalid object's condition and Event.
    /// </summary>
    private void Submit(Func<CancellationToken, Task> write, bool untilLeader)
    {
        Func<CancellationToken, Task>? work = null;
        work = async cancellationToken =>
        {
            if (_leadership.IsLeader)
            {
                await write(cancellationToken).ConfigureAwait(false);
            }
            else if (untilLeader)
            {
                _ = RetryLaterAsync(work!, cancellationToken);
            }
        };
        _work.Writer.TryWrite(work);
    }

    private async Task RetryLaterAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
            _work.Writer.TryWrite(work);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private string? Uid(ResourceKey key) => _store.TryGet(key, out var stored) ? stored.Resource.Metadata.Uid : null;

    private static string Plural(string kind) => kind.ToLowerInvariant() + "s";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
