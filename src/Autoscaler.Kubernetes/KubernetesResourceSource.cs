using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Autoscaler.Configuration;
using Autoscaler.Model;
using Autoscaler.Runtime.Resources;
using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Autoscaler.Kubernetes;

/// <summary>
/// The controller's input side: for each of ScaledObjects, ScaledJobs, TriggerAuthentications and
/// ClusterTriggerAuthentications, LIST then WATCH from the list's resourceVersion (with bookmarks), keep a cache, and
/// reconcile every add, update and delete into the <see cref="ResourceStore"/>. A watch that ends is renewed from the
/// last resourceVersion seen; 410 Gone (too old) means LIST again, and the re-list replaces what the store held.
/// Objects are bound and validated by the same loader and validator as files and the CLI; an invalid object keeps its
/// last valid version running and is reported through <see cref="KubernetesStatusWriter"/>.
/// </summary>
internal sealed class KubernetesResourceSource : BackgroundService
{
    /// <summary>The source name shown for objects from the cluster.</summary>
    public const string SourceName = "kubernetes";

    private static readonly string[] KeptMetadata = ["name", "namespace", "labels", "annotations", "uid", "generation", "creationTimestamp"];
    private readonly IKubernetes _client;
    private readonly ResourceStore _store;
    private readonly ManifestLoader _loader;
    private readonly KubernetesStatusWriter _status;
    private readonly TimeProvider _time;
    private readonly KubernetesOptions _options;
    private readonly ILogger<KubernetesResourceSource> _logger;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pendingInitialLists;

    public KubernetesResourceSource(IKubernetes client, ResourceStore store, ManifestLoader loader, KubernetesStatusWriter status, TimeProvider time,
        IOptions<KubernetesOptions> options, ILogger<KubernetesResourceSource> logger)
    {
        _client = client;
        _store = store;
        _loader = loader;
        _status = status;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _pendingInitialLists = Kinds.Count;
    }

    /// <summary>The kinds watched: plural, kind, namespaced.</summary>
    public static IReadOnlyList<(string Plural, string Kind, bool Namespaced)> Kinds { get; } =
    [
        ("triggerauthentications", TriggerAuthentication.KindName, true),
        ("clustertriggerauthentications", TriggerAuthentication.ClusterKindName, false),
        ("scaledobjects", ScaledObject.KindName, true),
        ("scaledjobs", ScaledJob.KindName, true),
    ];

    /// <summary>Completes once every kind has been listed once (the store then holds the cluster's objects).</summary>
    public Task Synced => _synced.Task;

    private int _lists;
    private int _watches;

    /// <summary>LISTs made (the first per kind, and every re-list after 410 Gone or an error).</summary>
    public int Lists => Volatile.Read(ref _lists);

    /// <summary>WATCH requests made.</summary>
    public int Watches => Volatile.Read(ref _watches);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Kinds.Select(k => RunAsync(k.Plural, k.Kind, k.Namespaced, stoppingToken)));

    private async Task RunAsync(string plural, string kind, bool namespaced, CancellationToken stoppingToken)
    {
        var owner = $"{SourceName}:{plural}";
        var cache = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        string? resourceVersion = null;
        var backoff = TimeSpan.FromMilliseconds(200);
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    Interlocked.Increment(ref _lists);
                    var list = Parse(await ListAsync(plural, namespaced, stoppingToken).ConfigureAwait(false));
                    resourceVersion = list["metadata"]?["resourceVersion"]?.GetValue<string>();
                    cache.Clear();
                    foreach (var item in (list["items"] as JsonArray ?? []).OfType<JsonObject>())
                    {
                        cache[Key(item)] = item;
                    }

                    ReplaceAll(owner, kind, cache.Values);
                    Log.Listed(_logger, plural, cache.Count, resourceVersion ?? "");
                    if (first)
                    {
                        first = false;
                        if (Interlocked.Decrement(ref _pendingInitialLists) == 0)
                        {
                            _synced.TrySetResult();
                        }
                    }
                }

                Interlocked.Increment(ref _watches);
                // KubernetesClient hands ERROR events (a Status) to onError instead of yielding them.
                var gone = false;
                void OnError(Exception e)
                {
                    if (e is KubernetesException { Status: { } status })
                    {
                        Log.WatchError(_logger, plural, status.Code ?? 0, status.Message ?? "");
                        gone |= status.Code == (int)HttpStatusCode.Gone;
                    }
                    else
                    {
                        Log.WatchFailed(_logger, plural, e.Message);
                    }
                }

                await foreach (var (type, item) in WatchAsync(plural, namespaced, resourceVersion, OnError, stoppingToken).ConfigureAwait(false))
                {
                    var obj = Parse(item);
                    switch (type)
                    {
                        case WatchEventType.Added:
                        case WatchEventType.Modified:
                            cache[Key(obj)] = obj;
                            Apply(owner, kind, obj);
                            resourceVersion = Rv(obj) ?? resourceVersion;
                            break;
                        case WatchEventType.Deleted:
                            cache.Remove(Key(obj));
                            _store.Remove(owner, ResourceKeyOf(kind, obj));
                            resourceVersion = Rv(obj) ?? resourceVersion;
                            break;
                        case WatchEventType.Bookmark:
                            resourceVersion = Rv(obj) ?? resourceVersion;
                            break;
                        case WatchEventType.Error:
                            var code = obj["code"]?.GetValue<int>();
                            Log.WatchError(_logger, plural, code ?? 0, obj["message"]?.GetValue<string>() ?? "");
                            if (code == (int)HttpStatusCode.Gone)
                            {
                                resourceVersion = null; // too old: LIST again
                            }

                            break;
                    }

                    if (resourceVersion is null || gone)
                    {
                        break;
                    }
                }

                if (gone)
                {
                    resourceVersion = null; // too old: LIST again
                }

                backoff = TimeSpan.FromMilliseconds(200);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (ApiErrors.Is(e, HttpStatusCode.Gone))
                {
                    resourceVersion = null;
                }

                Log.WatchFailed(_logger, plural, ApiErrors.Message(e));
                try
                {
                    await Task.Delay(backoff, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private async Task<object> ListAsync(string plural, bool namespaced, CancellationToken cancellationToken)
    {
        if (namespaced && !string.IsNullOrEmpty(_options.WatchNamespace))
        {
            return await _client.CustomObjects.ListNamespacedCustomObjectAsync(ApiVersions.Group, "v1alpha1", _options.WatchNamespace, plural, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return await _client.CustomObjects.ListClusterCustomObjectAsync(ApiVersions.Group, "v1alpha1", plural, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private IAsyncEnumerable<(WatchEventType, object)> WatchAsync(string plural, bool namespaced, string? resourceVersion, Action<Exception> onError, CancellationToken cancellationToken)
    {
        var timeout = (int)_options.WatchTimeout.TotalSeconds;
        return namespaced && !string.IsNullOrEmpty(_options.WatchNamespace)
            ? _client.CustomObjects.WatchListNamespacedCustomObjectAsync(ApiVersions.Group, "v1alpha1", _options.WatchNamespace, plural,
                allowWatchBookmarks: true, resourceVersion: resourceVersion, timeoutSeconds: timeout, onError: onError, cancellationToken: cancellationToken)
            : _client.CustomObjects.WatchListClusterCustomObjectAsync(ApiVersions.Group, "v1alpha1", plural,
                allowWatchBookmarks: true, resourceVersion: resourceVersion, timeoutSeconds: timeout, onError: onError, cancellationToken: cancellationToken);
    }

    private void ReplaceAll(string owner, string kind, IEnumerable<JsonObject> items)
    {
        var resources = new List<(IResource, string)>();
        foreach (var item in items)
        {
            if (Bind(kind, item) is { } resource)
            {
                resources.Add((resource, SourceName));
            }
            else if (_store.TryGet(ResourceKeyOf(kind, item), out var lastGood))
            {
                resources.Add((lastGood.Resource, SourceName));
            }
        }

        _store.ReplaceAll(owner, resources);
    }

    private void Apply(string owner, string kind, JsonObject obj)
    {
        if (Bind(kind, obj) is { } resource)
        {
            _store.Upsert(owner, resource, SourceName);
        }
    }

    /// <summary>Binds and validates one object exactly as a file would be; reports it when invalid.</summary>
    private IResource? Bind(string kind, JsonObject obj)
    {
        var clean = new JsonObject
        {
            ["apiVersion"] = obj["apiVersion"]?.DeepClone() ?? ApiVersions.Autoscaler,
            ["kind"] = kind,
        };
        var metadata = new JsonObject();
        foreach (var field in KeptMetadata)
        {
            if (obj["metadata"]?[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        clean["metadata"] = metadata;
        if (obj["spec"] is { } spec)
        {
            clean["spec"] = spec.DeepClone();
        }

        var key = ResourceKeyOf(kind, obj);
        var result = _loader.Load(key.ToString(), clean.ToJsonString());
        if (result.Resources.Count == 1 && result.Errors.Count == 0)
        {
            _status.ClearInvalid(key);
            return result.Resources[0].Resource;
        }

        var messages = result.Errors.Select(e => e.Path.Length > 0 ? $"{e.Path}: {e.Message}" : e.Message).ToList();
        Log.Invalid(_logger, key.ToString(), string.Join("; ", messages));
        _status.ReportInvalid(key, obj["metadata"]?["uid"]?.GetValue<string>(), obj["metadata"]?["generation"]?.ToJsonString(), messages);
        return null;
    }

    private static ResourceKey ResourceKeyOf(string kind, JsonObject obj) => new(
        kind,
        kind == TriggerAuthentication.ClusterKindName ? "" : obj["metadata"]?["namespace"]?.GetValue<string>() ?? "",
        obj["metadata"]?["name"]?.GetValue<string>() ?? "");

    private static string Key(JsonObject obj) => $"{obj["metadata"]?["namespace"]?.GetValue<string>()}/{obj["metadata"]?["name"]?.GetValue<string>()}";

    private static string? Rv(JsonObject obj) => obj["metadata"]?["resourceVersion"]?.GetValue<string>();

    private static JsonObject Parse(object value) => JsonNode.Parse(KubernetesJson.Serialize(value)) as JsonObject ?? [];
}
