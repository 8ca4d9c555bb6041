using System.Threading.Channels;
using Autoscaler.Configuration;
using Autoscaler.Engine;
using Autoscaler.Model;
using Autoscaler.Runtime.Resources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Autoscaler.Runtime.Control;

/// <summary>
/// Keeps one worker per ScaledObject and ScaledJob in the <see cref="ResourceStore"/>: starts workers for new
/// objects, restarts them (keeping the engine's state) when a spec changes, and stops them when objects go.
/// </summary>
public sealed class ScaleLoopHost : BackgroundService
{
    private readonly ResourceStore _store;
    private readonly WorkerServices _services;
    private readonly Dictionary<ResourceKey, ObjectWorker> _workers = [];
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private volatile int _running;

    internal ScaleLoopHost(ResourceStore store, WorkerServices services)
    {
        _store = store;
        _services = services;
    }

    /// <summary>Objects with a running worker.</summary>
    public int RunningObjects => _running;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _store.Changed += OnChanged;
        try
        {
            OnChanged();
            while (await _changes.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                _changes.Reader.TryRead(out _);
                await ReconcileAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _store.Changed -= OnChanged;
            foreach (var worker in _workers.Values)
            {
                await worker.DisposeAsync().ConfigureAwait(false);
            }

            _workers.Clear();
        }
    }

    private void OnChanged() => _changes.Writer.TryWrite(true);

    private async Task ReconcileAsync()
    {
        var wanted = _store.Snapshot.Values
            .Where(r => r.Resource is ScaledObject or ScaledJob)
            .ToDictionary(r => r.Key);

        foreach (var (key, worker) in _workers.ToList())
        {
            if (!wanted.TryGetValue(key, out var stored) || stored.Fingerprint != worker.Stored.Fingerprint || stored.Source != worker.Stored.Source)
            {
                await worker.DisposeAsync().ConfigureAwait(false);
                _workers.Remove(key);
                if (worker is ScaledObjectWorker { Burst: { } burst })
                {
                    await ReleaseBurstAsync(key, burst, wanted.GetValueOrDefault(key)).ConfigureAwait(false);
                }

                if (!wanted.ContainsKey(key))
                {
                    _services.Status.Remove(key);
                    _services.Metrics.Forget(key.Namespace, key.Name, worker is ScaledObjectWorker ? "scaledobject" : "scaledjob", worker.ScalerLabelSets());
                    _states.Remove(key);
                }
                else if (worker is ScaledObjectWorker so)
                {
                    _states[key] = so.State;
                }
            }
        }

        foreach (var (key, stored) in wanted)
        {
            if (_workers.ContainsKey(key))
            {
                continue;
            }

            ObjectWorker worker = stored.Resource is ScaledObject
                ? new ScaledObjectWorker(stored, _services, _states.GetValueOrDefault(key))
                : new ScaledJobWorker(stored, _services);
            _workers[key] = worker;
            worker.Start();
        }

        _running = _workers.Count;
    }

    /// <summary>
    /// Deletes the burst Deployment of a hybrid placement when its object is gone, or when the new version of the
    /// object no longer uses that burst (placement removed, other target or profile). Failures are logged: on a
    /// cluster the owner reference still lets the garbage collector delete it with the ScaledObject.
    /// </summary>
    private async Task ReleaseBurstAsync(ResourceKey key, Actuation.BurstRequest burst, StoredResource? next)
    {
        if (_services.Placement is not { } placement
            || (next?.Resource is ScaledObject so && Placement.PlacementActuator.BurstOf(so, ScaledObjectWorker.TargetOf(so)) == burst))
        {
            return;
        }

        var logger = _services.LoggerFactory.CreateLogger<ScaleLoopHost>();
        var reason = next is null ? "the ScaledObject was deleted" : "the ScaledObject's placement no longer uses it";
        try
        {
            await placement.ReleaseAsync(burst, CancellationToken.None).ConfigureAwait(false);
            Log.BurstReleased(logger, burst.Burst.ToString(), key.Namespace, key.Name, reason);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.BurstNotReleased(logger, burst.Burst.ToString(), key.Namespace, key.Name, e.Message);
        }
    }

    private readonly Dictionary<ResourceKey, ScalerState> _states = [];
}
