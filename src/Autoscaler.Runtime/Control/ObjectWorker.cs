using System.Threading.Channels;
using Autoscaler.Configuration;
using Autoscaler.Model;
using Autoscaler.Runtime.Resources;
using Autoscaler.Runtime.Status;
using Autoscaler.Scaling;
using Microsoft.Extensions.Logging;

namespace Autoscaler.Runtime.Control;

/// <summary>
/// The schedule of one object: a turn at once, then one every <c>pollingInterval</c> on the injected clock, and one
/// at once whenever a push scaler says something happened. A failing turn is logged and counted; the next turn
/// comes as usual.
/// </summary>
internal abstract class ObjectWorker : IPushNotifier, IAsyncDisposable
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private ITimer? _timer;
    private Task? _run;
    private DateTimeOffset _expectedAt;

    protected ObjectWorker(StoredResource stored, WorkerServices services)
    {
        Stored = stored;
        Services = services;
        Resource = (IScalableResource)stored.Resource;
        Key = stored.Key;
        Logger = services.LoggerFactory.CreateLogger(GetType());
        Scalers = new ScalerSet(Resource, services.Catalog, services.Auth, services.Time, services.LoggerFactory, this);
        Interval = TimeSpan.FromSeconds(Math.Max(1, Resource.PollingInterval));
    }

    public StoredResource Stored { get; }

    public ResourceKey Key { get; }

    protected IScalableResource Resource { get; }

    protected WorkerServices Services { get; }

    protected ILogger Logger { get; }

    protected ScalerSet Scalers { get; }

    protected TimeSpan Interval { get; }

    protected string Namespace => Resource.Metadata.Namespace;

    protected string Name => Resource.Metadata.Name;

    public void Start()
    {
        _timer = Services.Time.CreateTimer(static s => ((ObjectWorker)s!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _expectedAt = Services.Time.GetUtcNow();
        Wake();
        _run = Task.Run(() => RunAsync(_stop.Token));
        Log.WorkerStarted(Logger, Resource.Kind, Namespace, Name, Stored.Source, Resource.Triggers.Count, Resource.PollingInterval);
    }

    /// <inheritdoc />
    public void Notify(bool isActive) => Wake();

    private void Wake() => _wake.Writer.TryWrite(true);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _wake.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _wake.Reader.TryRead(out _);
                var started = Services.Time.GetUtcNow();
                var lateBy = started - _expectedAt;
                Services.Metrics.ScaleLoopLatency.WithLabels(Namespace, TypeLabel, Name).Set(Math.Max(0, lateBy.TotalSeconds));

                // The next turn is due one polling interval after this one started (a fixed rate, as KEDA polls). Arming
                // the timer before the turn also means that whoever sees this turn's reads or status sees the next
                // turn already scheduled. A turn longer than the interval is followed by the next one at once.
                _expectedAt = started + Interval;
                _timer!.Change(Interval, Timeout.InfiniteTimeSpan);
                try
                {
                    await TurnAsync(started, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    Log.LoopTurnFailed(Logger, e, Resource.Kind, Namespace, Name);
                    CountError();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The KEDA <c>type</c> label: <c>scaledobject</c> or <c>scaledjob</c>.</summary>
    protected abstract string TypeLabel { get; }

    /// <summary>One turn: read, decide, act, report.</summary>
    protected abstract Task TurnAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Counts an object-level error.</summary>
    protected abstract void CountError();

    /// <summary>Records each trigger's read in the KEDA metrics and builds its status.</summary>
    protected List<TriggerStatus> RecordTriggers(IReadOnlyList<Engine.TriggerSample> samples, IReadOnlyList<Engine.TriggerRecommendation>? recommendations, DateTimeOffset now)
    {
        var result = new List<TriggerStatus>(samples.Count);
        foreach (var sample in samples)
        {
            var slot = Scalers.Slots[sample.Index];
            var labels = ScalerLabels(slot, sample.Metric);
            if (sample.HasFailed)
            {
                Services.Metrics.ScalerDetailErrors.WithLabels(labels).Inc();
                CountError();
            }
            else
            {
                Services.Metrics.ScalerMetricsValue.WithLabels(labels).Set(sample.Value ?? 0);
                Services.Metrics.ScalerActive.WithLabels(labels).Set(sample.IsActive ? 1 : 0);
            }

            result.Add(new TriggerStatus
            {
                Index = sample.Index,
                Name = sample.Name,
                Type = slot.Trigger.Type,
                MetricName = sample.Metric?.MetricName,
                Target = sample.Metric?.Target,
                ActivationThreshold = sample.Metric?.ActivationThreshold,
                MetricType = sample.Metric?.TargetType.ToString(),
                Value = sample.Value,
                IsActive = sample.IsActive,
                Replicas = recommendations?.FirstOrDefault(r => r.Index == sample.Index)?.Replicas,
                Error = sample.Error,
                ConsecutiveErrors = slot.ConsecutiveErrors,
                LastReadTime = now,
            });
        }

        return result;
    }

    /// <summary>The label sets of every scaler series this object wrote.</summary>
    public IEnumerable<string[]> ScalerLabelSets() =>
        Scalers.Slots.Select(s => ScalerLabels(s, s.Scaler?.MetricSpec));

    private string[] ScalerLabels(ScalerSlot slot, MetricSpec? metric) =>
        [Namespace, metric?.MetricName ?? $"s{slot.Index}-{slot.Trigger.Type}", Name, slot.Trigger.Type, slot.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), TypeLabel];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_run is not null)
        {
            await _run.ConfigureAwait(false);
        }

        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        await Scalers.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
        Log.WorkerStopped(Logger, Resource.Kind, Namespace, Name);
    }
}
