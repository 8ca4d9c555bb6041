using System.Collections.Concurrent;
using Autoscaler.Configuration;

namespace Autoscaler.Runtime.Status;

/// <summary>The latest status of every running object, written by the control loop, read by the REST API.</summary>
public sealed class StatusStore
{
    private readonly ConcurrentDictionary<ResourceKey, ScaledObjectStatus> _scaledObjects = new();
    private readonly ConcurrentDictionary<ResourceKey, ScaledJobStatus> _scaledJobs = new();

    /// <summary>Every ScaledObject's status, sorted by namespace and name.</summary>
    public IReadOnlyList<ScaledObjectStatus> ScaledObjects =>
        [.. _scaledObjects.Values.OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>Every ScaledJob's status, sorted by namespace and name.</summary>
    public IReadOnlyList<ScaledJobStatus> ScaledJobs =>
        [.. _scaledJobs.Values.OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>One ScaledObject's status.</summary>
    public ScaledObjectStatus? GetScaledObject(string ns, string name) =>
        _scaledObjects.GetValueOrDefault(new ResourceKey(Model.ScaledObject.KindName, ns, name));

    /// <summary>One ScaledJob's status.</summary>
    public ScaledJobStatus? GetScaledJob(string ns, string name) =>
        _scaledJobs.GetValueOrDefault(new ResourceKey(Model.ScaledJob.KindName, ns, name));

    /// <summary>Raised after a ScaledObject's status was set (on the worker's thread: handlers must return quickly).</summary>
    public event Action<ResourceKey, ScaledObjectStatus>? ScaledObjectStatusSet;

    /// <summary>Raised after a ScaledJob's status was set (on the worker's thread: handlers must return quickly).</summary>
    public event Action<ResourceKey, ScaledJobStatus>? ScaledJobStatusSet;

    internal void Set(ResourceKey key, ScaledObjectStatus status)
    {
        _scaledObjects[key] = status;
        ScaledObjectStatusSet?.Invoke(key, status);
    }

    internal void Set(ResourceKey key, ScaledJobStatus status)
    {
        _scaledJobs[key] = status;
        ScaledJobStatusSet?.Invoke(key, status);
    }

    internal void Remove(ResourceKey key)
    {
        _scaledObjects.TryRemove(key, out _);
        _scaledJobs.TryRemove(key, out _);
    }
}
