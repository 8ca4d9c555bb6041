using Autoscaler.Events;
using Autoscaler.Scaling;

namespace Autoscaler.Webhooks;

/// <summary>
/// The scaler of one push trigger: its metric is the trigger's event count; publishing journals the events, counts
/// them and wakes the object's loop at once.
/// </summary>
internal sealed class EventTriggerScaler : IEventScaler
{
    private readonly EventHub _hub;
    private readonly EventJournal _journal;
    private readonly TriggerEvents _state;
    private readonly TriggerSettings _settings;
    private readonly PushTriggerOptions _options;

    public EventTriggerScaler(EventHub hub, EventJournal journal, TriggerEvents state, ScalerContext context, PushTriggerOptions options, IWebhookHandler? webhook)
    {
        _hub = hub;
        _journal = journal;
        _state = state;
        _options = options;
        _settings = state.Settings;
        Webhook = webhook;
        var suffix = options.JobPerEvent ? "queued" : options.Metric == EventMetric.Pending ? "pending" : "rate";
        MetricSpec = new MetricSpec(context.MetricName(suffix), options.TargetValue, options.ActivationTargetValue, MetricTargetType.AverageValue);
    }

    public string Key => _state.Key;

    public PushTriggerOptions Options => _options;

    public IWebhookHandler? Webhook { get; }

    public TriggerEvents State => _state;

    public MetricSpec MetricSpec { get; }

    public bool OneJobPerEvent => _settings.JobPerEvent;

    public ValueTask<MetricReading> GetMetricAndActivityAsync(CancellationToken cancellationToken)
    {
        var value = _state.Read(_hub.NowMs);
        return ValueTask.FromResult(new MetricReading(value, value > _options.ActivationTargetValue));
    }

    public async Task RunAsync(IPushNotifier notifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        _state.Notifier = notifier;
        try
        {
            // Events replayed from the journal, or received while the object was being rebuilt, act at once.
            if (_state.HasAny(_hub.NowMs))
            {
                notifier.Notify(true);
            }

            await Task.Delay(Timeout.InfiniteTimeSpan, _hub.Time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (ReferenceEquals(_state.Notifier, notifier))
            {
                _state.Notifier = null;
            }
        }
    }

    public async ValueTask<PublishResult> PublishAsync(IReadOnlyList<PushEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return default;
        }

        var fresh = new List<PushEvent>(events.Count);
        if (!_state.TryReserve(events, fresh, out var duplicates))
        {
            return new PublishResult(0, 0, QueueFull: true);
        }

        if (fresh.Count == 0)
        {
            return new PublishResult(0, duplicates, false);
        }

        var now = _hub.NowMs;
        var op = _settings.Op;
        var expires = op switch
        {
            JournalOp.Rate => now + (_settings.WindowSeconds * 1000),
            JournalOp.Pending => now + _settings.PendingTimeoutMs,
            _ => 0,
        };
        var records = new JournalRecord[fresh.Count];
        for (var i = 0; i < fresh.Count; i++)
        {
            records[i] = new JournalRecord(_state.Key, op, now, expires, fresh[i], null, 0);
        }

        try
        {
            await _journal.AppendAsync(records, () => _state.Apply(fresh, now, _settings)).ConfigureAwait(false);
        }
        catch
        {
            _state.Unreserve(fresh);
            throw;
        }

        _state.Wake(_hub.Time, immediate: _settings.JobPerEvent);
        return new PublishResult(fresh.Count, duplicates, false);
    }

    /// <summary>
    /// Completes pending events (metric <c>pending</c>): by id, or the <paramref name="oldest"/> oldest. Returns how many
    /// were still pending and are now completed, once that is durable (a crash after the answer does not bring them back).
    /// </summary>
    public async ValueTask<int> CompletePendingAsync(IReadOnlyCollection<string>? ids, int oldest)
    {
        var taken = _state.TakePending(ids, oldest, _hub.NowMs);
        if (taken.Count == 0)
        {
            return 0;
        }

        var records = new JournalRecord[taken.Count];
        for (var i = 0; i < taken.Count; i++)
        {
            records[i] = new JournalRecord(_state.Key, JournalOp.Completed, 0, 0, null, taken[i].Id, 0);
        }

        try
        {
            // Not cancelled with the request: once taken, the completion is either journaled or put back.
            // Once durable, the writer forgets them as taken before any compaction can capture them as such.
            await _journal.AppendAsync(records, () => _state.CompletedTaken(taken)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _state.Restore(taken);
            throw;
        }

        _state.Wake(_hub.Time, immediate: false);
        return taken.Count;
    }

    public bool TryTakeJobEvent(out PushEvent pushEvent) => _state.TryTakeJob(out pushEvent);

    public async ValueTask CompleteJobEventAsync(PushEvent pushEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pushEvent);
        // A crash between the Job's creation and this record creates the Job once more after the restart (at least once).
        // Until this is durable the event stays taken, so a compaction in between writes it as a Job still to create.
        await _journal.AppendAsync([new JournalRecord(_state.Key, JournalOp.Completed, 0, 0, null, pushEvent.Id, 0)], () => _state.CompletedJob(pushEvent))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void ReturnJobEvent(PushEvent pushEvent) => _state.ReturnJob(pushEvent);

    public ValueTask DisposeAsync()
    {
        _hub.Remove(this);
        return ValueTask.CompletedTask;
    }
}
