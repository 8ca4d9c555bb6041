using Autoscaler.Engine;
using Autoscaler.Model;
using Autoscaler.Runtime.Auth;
using Autoscaler.Scaling;
using Microsoft.Extensions.Logging;

namespace Autoscaler.Runtime.Control;

/// <summary>
/// The scalers of one object: built once per trigger and reused for every read (a trigger whose scaler cannot be
/// built is retried each turn), read concurrently with a per-read timeout, disposed with the object.
/// </summary>
internal sealed class ScalerSet : IAsyncDisposable
{
    private readonly ScalerSlot[] _slots;
    private readonly IScalerCatalog _catalog;
    private readonly ITriggerAuthResolver _auth;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IResource _owner;
    private readonly IPushNotifier _notifier;

    public ScalerSet(IScalableResource owner, IScalerCatalog catalog, ITriggerAuthResolver auth, TimeProvider time, ILoggerFactory loggerFactory, IPushNotifier notifier)
    {
        _owner = owner;
        _catalog = catalog;
        _auth = auth;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ScalerSet>();
        _notifier = notifier;
        _slots = [.. owner.Triggers.Select((t, i) => new ScalerSlot(i, t))];
    }

    public IReadOnlyList<ScalerSlot> Slots => _slots;

    /// <summary>Reads every trigger at once; each read is bounded by <paramref name="timeout"/>.</summary>
    public async Task<TriggerSample[]> ReadAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reads = new Task<TriggerSample>[_slots.Length];
        for (var i = 0; i < _slots.Length; i++)
        {
            reads[i] = ReadOneAsync(_slots[i], timeout, cancellationToken);
        }

        return await Task.WhenAll(reads).ConfigureAwait(false);
    }

    private async Task<TriggerSample> ReadOneAsync(ScalerSlot slot, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var scaler = slot.Scaler ?? await BuildAsync(slot, cancellationToken).ConfigureAwait(false);
        if (scaler is null)
        {
            slot.ConsecutiveErrors++;
            return TriggerSample.Failed(slot.Index, slot.Name, null, slot.BuildError!);
        }

        try
        {
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var read = scaler.GetMetricAndActivityAsync(timeoutSource.Token).AsTask();
            MetricReading reading;
            try
            {
                // WaitAsync abandons a read that ignores its token, so one hung source never stalls the loop.
                reading = await read.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                await timeoutSource.CancelAsync().ConfigureAwait(false);
                throw new TimeoutException($"read timed out after {timeout.TotalSeconds:0.###}s");
            }

            slot.ConsecutiveErrors = 0;
            return TriggerSample.Read(slot.Index, slot.Name, scaler.MetricSpec, reading);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            slot.ConsecutiveErrors++;
            var message = e is TimeoutException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            Log.TriggerFailed(_logger, slot.Index, slot.Trigger.Type, _owner.Kind, _owner.Metadata.Namespace, _owner.Metadata.Name, message);
            return TriggerSample.Failed(slot.Index, slot.Name, scaler.MetricSpec, message);
        }
    }

    private async Task<IScaler?> BuildAsync(ScalerSlot slot, CancellationToken cancellationToken)
    {
        if (!_catalog.TryGet(slot.Trigger.Type, out var factory))
        {
            slot.BuildError = $"unknown trigger type '{slot.Trigger.Type}'";
            return null;
        }

        try
        {
            var auth = await _auth.ResolveAsync(slot.Trigger, _owner, cancellationToken).ConfigureAwait(false);
            var scaler = factory.Create(new ScalerContext
            {
                Trigger = slot.Trigger,
                TriggerIndex = slot.Index,
                Namespace = _owner.Metadata.Namespace,
                ObjectName = _owner.Metadata.Name,
                ObjectKind = _owner.Kind,
                AuthParams = auth.Parameters,
                Environment = auth.Environment,
                TimeProvider = _time,
                LoggerFactory = _loggerFactory,
            });
            slot.Scaler = scaler;
            slot.BuildError = null;
            if (scaler is IPushScaler push)
            {
                StartPush(slot, push);
            }

            return scaler;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            slot.BuildError = "cannot build scaler: " + e.Message;
            Log.TriggerFailed(_logger, slot.Index, slot.Trigger.Type, _owner.Kind, _owner.Metadata.Namespace, _owner.Metadata.Name, slot.BuildError);
            return null;
        }
    }

    private void StartPush(ScalerSlot slot, IPushScaler push)
    {
        var run = new CancellationTokenSource();
        slot.PushRun = run;
        slot.PushTask = Task.Run(async () =>
        {
            try
            {
                await push.RunAsync(_notifier, run.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (run.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Log.PushScalerFailed(_logger, e, slot.Index, slot.Trigger.Type, _owner.Metadata.Namespace, _owner.Metadata.Name);
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _slots)
        {
            if (slot.PushRun is { } run)
            {
                await run.CancelAsync().ConfigureAwait(false);
                if (slot.PushTask is { } task)
                {
                    await task.ConfigureAwait(false);
                }

                run.Dispose();
            }

            if (slot.Scaler is { } scaler)
            {
                try
                {
                    await scaler.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Log.PushScalerFailed(_logger, e, slot.Index, slot.Trigger.Type, _owner.Metadata.Namespace, _owner.Metadata.Name);
                }
            }
        }
    }
}
