using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Autoscaler.KubeApiServer;

/// <summary>
/// The server's state: objects of every type, one resourceVersion counter shared by all types (wire fact 4), the
/// event history that watches replay from, and the open watches.
/// </summary>
internal sealed class ApiStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ResourceType> _types = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly List<StoredEvent> _history = [];
    private readonly List<Watch> _watches = [];
    private readonly int _historyLimit;
    private long _resourceVersion = 100;
    private long _oldest = 100;

    public ApiStore(int historyLimit) => _historyLimit = historyLimit;

    public Lock SyncRoot => _lock;

    public long ResourceVersion
    {
        get
        {
            lock (_lock)
            {
                return _resourceVersion;
            }
        }
    }

    public long Oldest
    {
        get
        {
            lock (_lock)
            {
                return _oldest;
            }
        }
    }

    public void Register(ResourceType type)
    {
        lock (_lock)
        {
            _types[$"{type.Group}/{type.Version}/{type.Plural}"] = type;
        }
    }

    public ResourceType? Find(string group, string version, string plural)
    {
        lock (_lock)
        {
            return _types.GetValueOrDefault($"{group}/{version}/{plural}");
        }
    }

    public IReadOnlyList<ResourceType> TypesOf(string group, string version)
    {
        lock (_lock)
        {
            return [.. _types.Values.Where(t => t.Group == group && t.Version == version)];
        }
    }

    public IReadOnlyList<ResourceType> AllTypes()
    {
        lock (_lock)
        {
            return [.. _types.Values];
        }
    }

    private static string Key(ResourceType type, string? ns, string name) => $"{type.Key}|{ns ?? ""}|{name}";

    private static string Prefix(ResourceType type, string? ns) => ns is null ? $"{type.Key}|" : $"{type.Key}|{ns}|";

    public JsonObject? Get(ResourceType type, string? ns, string name)
    {
        lock (_lock)
        {
            return _objects.TryGetValue(Key(type, ns, name), out var o) ? (JsonObject)o.DeepClone() : null;
        }
    }

    /// <summary>Objects of a type (in one namespace, or all), sorted by namespace and name, with the list's resourceVersion.</summary>
    public (List<JsonObject> Items, long ResourceVersion) List(ResourceType type, string? ns)
    {
        lock (_lock)
        {
            var prefix = Prefix(type, ns);
            return ([.. _objects.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(kv => (JsonObject)kv.Value.DeepClone())], _resourceVersion);
        }
    }

    /// <summary>Every object in a namespace (for namespace deletion) or owned by a uid (garbage collection).</summary>
    public List<(ResourceType Type, JsonObject Object)> Where(Func<JsonObject, bool> predicate)
    {
        lock (_lock)
        {
            var result = new List<(ResourceType, JsonObject)>();
            foreach (var (key, value) in _objects)
            {
                if (predicate(value))
                {
                    var typeKey = key[..key.IndexOf('|', StringComparison.Ordinal)];
                    var type = _types.Values.First(t => t.Key == typeKey);
                    result.Add((type, (JsonObject)value.DeepClone()));
                }
            }

            return result;
        }
    }

    /// <summary>
    /// Writes (or deletes, when <paramref name="deleted"/>) an object under a new resourceVersion, records the event
    /// and tells the watches. <paramref name="precondition"/> runs under the lock with the current object.
    /// </summary>
    public JsonObject Commit(ResourceType type, string? ns, string name, JsonObject obj, string eventType, Action<JsonObject?>? precondition = null)
    {
        lock (_lock)
        {
            var key = Key(type, ns, name);
            precondition?.Invoke(_objects.TryGetValue(key, out var current) ? current : null);
            _resourceVersion++;
            var rv = _resourceVersion.ToString(CultureInfo.InvariantCulture);
            var metadata = (JsonObject)obj["metadata"]!;
            metadata["resourceVersion"] = rv;
            if (eventType == "DELETED")
            {
                _objects.Remove(key);
            }
            else
            {
                _objects[key] = (JsonObject)obj.DeepClone();
            }

            var stored = new StoredEvent(_resourceVersion, type.Key, ns, eventType, (JsonObject)obj.DeepClone());
            _history.Add(stored);
            if (_history.Count > _historyLimit)
            {
                var drop = _history.Count - _historyLimit;
                _oldest = _history[drop - 1].ResourceVersion;
                _history.RemoveRange(0, drop);
            }

            foreach (var watch in _watches)
            {
                if (watch.Matches(stored))
                {
                    watch.Channel.Writer.TryWrite(stored);
                }
            }

            return obj;
        }
    }

    /// <summary>Opens a watch. Returns the events to replay first, or null when <paramref name="fromVersion"/> is too old.</summary>
    public (Watch Watch, List<StoredEvent> Replay)? OpenWatch(ResourceType type, string? ns, LabelSelector selector, long? fromVersion)
    {
        lock (_lock)
        {
            if (fromVersion is { } from && from < _oldest)
            {
                return null;
            }

            var watch = new Watch(type.Key, ns, selector);
            List<StoredEvent> replay;
            if (fromVersion is { } since)
            {
                replay = [.. _history.Where(e => e.ResourceVersion > since && watch.Matches(e))];
            }
            else
            {
                var (items, _) = List(type, ns);
                replay = [.. items.Where(selector.Matches).Select(o => new StoredEvent(
                    long.Parse(o["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture), type.Key, ns, "ADDED", o))];
            }

            _watches.Add(watch);
            return (watch, replay);
        }
    }

    public void CloseWatch(Watch watch)
    {
        lock (_lock)
        {
            _watches.Remove(watch);
            watch.Channel.Writer.TryComplete();
        }
    }

    /// <summary>Forgets the event history, like an etcd compaction: watches from older versions get 410.</summary>
    public void Compact()
    {
        lock (_lock)
        {
            _history.Clear();
            _oldest = _resourceVersion;
        }
    }

    /// <summary>
    /// At once (under one lock): forgets the history including the current version and ends every open watch, so any
    /// client resuming from a version it has seen gets 410 Expired, as after a restart that follows a compaction.
    /// </summary>
    public void ExpireWatches()
    {
        lock (_lock)
        {
            _history.Clear();
            _oldest = _resourceVersion + 1;
            DropWatches();
        }
    }

    /// <summary>Ends every open watch (as when an API server restarts).</summary>
    public void DropWatches()
    {
        lock (_lock)
        {
            foreach (var watch in _watches)
            {
                watch.Channel.Writer.TryComplete();
            }

            _watches.Clear();
        }
    }

    internal sealed record StoredEvent(long ResourceVersion, string TypeKey, string? Namespace, string Type, JsonObject Object);

    internal sealed class Watch(string typeKey, string? ns, LabelSelector selector)
    {
        public Channel<StoredEvent> Channel { get; } = System.Threading.Channels.Channel.CreateUnbounded<StoredEvent>();

        public bool Matches(StoredEvent e) => e.TypeKey == typeKey && (ns is null || e.Namespace == ns) && selector.Matches(e.Object);
    }
}
