using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using Autoscaler.Configuration;
using Autoscaler.Model;

namespace Autoscaler.Runtime.Resources;

/// <summary>
/// The set of resources the control loop runs, filled by a source (the config folder, or Kubernetes). Readers get
/// immutable snapshots; <see cref="Changed"/> fires after every change.
/// </summary>
public sealed class ResourceStore
{
    private static readonly JsonSerializerOptions FingerprintJson = new() { WriteIndented = false };
    private readonly Lock _lock = new();
    private ImmutableDictionary<ResourceKey, StoredResource> _resources = ImmutableDictionary<ResourceKey, StoredResource>.Empty;
    private ImmutableDictionary<string, ImmutableHashSet<ResourceKey>> _bySource = ImmutableDictionary<string, ImmutableHashSet<ResourceKey>>.Empty;

    /// <summary>Raised after the set changed.</summary>
    public event Action? Changed;

    /// <summary>The current resources.</summary>
    public ImmutableDictionary<ResourceKey, StoredResource> Snapshot => Volatile.Read(ref _resources);

    /// <summary>The resources of one kind.</summary>
    public IEnumerable<T> OfKind<T>() where T : IResource => Snapshot.Values.Select(r => r.Resource).OfType<T>();

    /// <summary>Finds a resource.</summary>
    public bool TryGet(ResourceKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StoredResource? resource) =>
        Snapshot.TryGetValue(key, out resource);

    /// <summary>
    /// Replaces everything that <paramref name="owner"/> (a source's name) had put in with <paramref name="resources"/>.
    /// Resources are keyed by kind/namespace/name; the last one wins when two sources name the same object.
    /// </summary>
    public void ReplaceAll(string owner, IEnumerable<(IResource Resource, string Source)> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var incoming = resources.Select(r => new StoredResource(r.Resource, r.Source, Fingerprint(r.Resource))).ToList();
        bool changed;
        lock (_lock)
        {
            var builder = _resources.ToBuilder();
            var previous = _bySource.TryGetValue(owner, out var keys) ? keys : [];
            foreach (var key in previous)
            {
                builder.Remove(key);
            }

            foreach (var resource in incoming)
            {
                builder[resource.Key] = resource;
            }

            var next = builder.ToImmutable();
            changed = !SameContent(_resources, next);
            _bySource = _bySource.SetItem(owner, [.. incoming.Select(r => r.Key)]);
            Volatile.Write(ref _resources, next);
        }

        if (changed)
        {
            Changed?.Invoke();
        }
    }

    /// <summary>Adds or replaces one resource owned by <paramref name="owner"/>.</summary>
    public void Upsert(string owner, IResource resource, string source)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var stored = new StoredResource(resource, source, Fingerprint(resource));
        lock (_lock)
        {
            _resources = _resources.SetItem(stored.Key, stored);
            var keys = _bySource.TryGetValue(owner, out var k) ? k : [];
            _bySource = _bySource.SetItem(owner, keys.Add(stored.Key));
        }

        Changed?.Invoke();
    }

    /// <summary>Removes one resource.</summary>
    public void Remove(string owner, ResourceKey key)
    {
        bool removed;
        lock (_lock)
        {
            removed = _resources.ContainsKey(key);
            _resources = _resources.Remove(key);
            if (_bySource.TryGetValue(owner, out var keys))
            {
                _bySource = _bySource.SetItem(owner, keys.Remove(key));
            }
        }

        if (removed)
        {
            Changed?.Invoke();
        }
    }

    /// <summary>A stable hash of the resource's content (the type's public fields as JSON).</summary>
    public static string Fingerprint(IResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var json = JsonSerializer.SerializeToUtf8Bytes(resource, resource.GetType(), FingerprintJson);
        return Convert.ToHexString(SHA256.HashData(json))[..16];
    }

    private static bool SameContent(ImmutableDictionary<ResourceKey, StoredResource> a, ImmutableDictionary<ResourceKey, StoredResource> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && other.Fingerprint == kv.Value.Fingerprint && other.Source == kv.Value.Source);
}
