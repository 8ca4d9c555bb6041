using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Demo;

/// <summary>
/// A demo source. Wave mode follows a timed square wave that starts when the scaler is built and wakes the loop at
/// every edge; manual mode reads <see cref="DemoSignals"/> and wakes the loop whenever its value is set.
/// </summary>
internal sealed class DemoScaler : IPushScaler
{
    private readonly DemoTriggerOptions _options;
    private readonly DemoSignals _signals;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _origin;
    private readonly string _source;

    public DemoScaler(DemoTriggerOptions options, DemoSignals signals, ScalerContext context)
    {
        _options = options;
        _signals = signals;
        _time = context.TimeProvider;
        _origin = _time.GetUtcNow();
        _source = options.Source ?? context.ObjectName;
        MetricSpec = new MetricSpec(context.MetricName(_source), options.TargetValue, options.ActivationTargetValue, MetricTargetType.AverageValue);
    }

    public MetricSpec MetricSpec { get; }

    public ValueTask<MetricReading> GetMetricAndActivityAsync(CancellationToken cancellationToken)
    {
        var value = _options.Mode == DemoMode.Manual ? _signals.Get(_source) : WaveAt(_time.GetUtcNow());
        return ValueTask.FromResult(new MetricReading(value, value > _options.ActivationTargetValue));
    }

    public async Task RunAsync(IPushNotifier notifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        if (_options.Mode == DemoMode.Manual)
        {
            void OnChanged(string source)
            {
                if (source == _source)
                {
                    notifier.Notify(_signals.Get(source) > _options.ActivationTargetValue);
                }
            }

            _signals.Changed += OnChanged;
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _signals.Changed -= OnChanged;
            }

            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var now = _time.GetUtcNow();
            await Task.Delay(NextEdge(now) - now, _time, cancellationToken).ConfigureAwait(false);
            notifier.Notify(WaveAt(_time.GetUtcNow()) > _options.ActivationTargetValue);
        }
    }

    /// <summary>The wave's value at <paramref name="now"/>.</summary>
    internal double WaveAt(DateTimeOffset now)
    {
        var phase = Phase(now);
        return phase >= _options.Delay && phase < _options.Delay + _options.ActiveFor ? _options.Peak : 0;
    }

    private TimeSpan Phase(DateTimeOffset now) =>
        TimeSpan.FromTicks(Math.Max(0, (now - _origin).Ticks) % _options.Period.Ticks);

    private DateTimeOffset NextEdge(DateTimeOffset now)
    {
        var phase = Phase(now);
        var start = _options.Delay;
        var end = _options.Delay + _options.ActiveFor;
        var wait = phase < start ? start - phase : phase < end ? end - phase : _options.Period - phase + start;
        return now + (wait <= TimeSpan.Zero ? _options.Period : wait);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
