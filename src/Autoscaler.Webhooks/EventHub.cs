using System.Collections.Concurrent;
using System.Globalization;
using Autoscaler.Events;
using Autoscaler.Scaling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Autoscaler.Webhooks;

/// <summary>
/// The one event hub of the process: the events of every push trigger (kept across edits of their objects), the
/// journal (opened and replayed when the first push trigger starts), and the live scaler of each webhook route.
/// </summary>
internal sealed class EventHub : IEventHub, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TriggerEvents> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EventTriggerScaler> _live = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EventTriggerScaler> _scalers = new(StringComparer.Ordinal);
    private readonly PushEventsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EventHub> _logger;
    private readonly Lock _openLock = new();
    private EventJournal? _journal;

    public EventHub(IOptions<PushEventsOptions> options, TimeProvider time, ILogger<EventHub> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public TimeProvider Time => _time;

    public long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <inheritdoc />
    public IEventScaler CreateScaler(ScalerContext context, PushTriggerOptions options, IWebhookHandler? webhook)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (webhook is not null && !options.Public && !webhook.VerifiesSender && string.IsNullOrEmpty(options.HmacSecret) && string.IsNullOrEmpty(options.BearerToken))
        {
            throw new ScalerConfigurationException(
                "the webhook needs authentication: give hmacSecret or bearerToken through authenticationRef (a TriggerAuthentication), or set metadata public: \"true\"");
        }

        if (options.JobPerEvent && !string.Equals(context.ObjectKind, "ScaledJob", StringComparison.Ordinal))
        {
            throw new ScalerConfigurationException("jobPerEvent is for ScaledJob triggers only");
        }

        var journal = EnsureJournal();
        var trigger = string.IsNullOrEmpty(context.Trigger.Name) ? context.TriggerIndex.ToString(CultureInfo.InvariantCulture) : context.Trigger.Name;
        var key = EventKey.For(context.ObjectKind, context.Namespace, context.ObjectName, trigger);
        var state = _states.GetOrAdd(key, k => new TriggerEvents(k, _options.DedupeCapacity));
        state.Settings = TriggerSettings.From(options);
        var scaler = new EventTriggerScaler(this, journal, state, context, options, webhook);
        if (webhook is not null)
        {
            _live[key] = scaler;
        }

        _scalers[key] = scaler;
        return scaler;
    }

    /// <summary>The live scaler of a webhook route.</summary>
    public bool TryGetWebhook(string key, out EventTriggerScaler scaler) => _live.TryGetValue(key, out scaler!);

    /// <summary>The live scaler of any push trigger (webhook or subscription), for acks.</summary>
    public bool TryGetScaler(string key, out EventTriggerScaler scaler) => _scalers.TryGetValue(key, out scaler!);

    /// <summary>Forgets <paramref name="scaler"/> as its route's live scaler (its object went away or changed).</summary>
    public void Remove(EventTriggerScaler scaler)
    {
        _live.TryRemove(new KeyValuePair<string, EventTriggerScaler>(scaler.Key, scaler));
        _scalers.TryRemove(new KeyValuePair<string, EventTriggerScaler>(scaler.Key, scaler));
    }

    private EventJournal EnsureJournal()
    {
        if (_journal is { } journal)
        {
            return journal;
        }

        lock (_openLock)
        {
            if (_journal is not null)
            {
                return _journal;
            }

            var created = new EventJournal(_options.JournalPath, _options.Fsync, _options.MaxJournalSize, Snapshot, _logger);
            var records = created.ReadAll(out var skipped);
            var now = NowMs;
            long live = 0;
            foreach (var record in records)
            {
                _states.GetOrAdd(record.Key, k => new TriggerEvents(k, _options.DedupeCapacity)).Replay(record, now);
                live += record.Op switch { JournalOp.Count => record.Count, JournalOp.Completed => 0, _ => 1 };
            }

            if (records.Count > 0 || skipped > 0)
            {
                Log.Replayed(_logger, live, _states.Count, created.FilePath, skipped);
            }

            created.Open();
            _journal = created;
            return created;
        }
    }

    /// <summary>
    /// Captures every trigger's live state now (on the journal's writer, between two batches); the records are built
    /// when the result is enumerated, on the compaction's thread.
    /// </summary>
    private IEnumerable<JournalRecord> Snapshot()
    {
        var now = NowMs;
        var parts = new List<IEnumerable<JournalRecord>>(_states.Count);
        foreach (var state in _states.Values)
        {
            parts.Add(state.Snapshot(now));
        }

        return parts.SelectMany(records => records);
    }

    public async ValueTask DisposeAsync()
    {
        if (_journal is not null)
        {
            await _journal.DisposeAsync().ConfigureAwait(false);
        }
    }
}
