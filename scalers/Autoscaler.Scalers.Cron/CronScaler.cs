using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Cron;

/// <summary>
/// Active, with the value <c>desiredReplicas</c>, between an occurrence of <c>start</c> and the next occurrence of
/// <c>end</c>; inactive with the value 0 outside. Decided as KEDA does: inside the window exactly when the next end
/// comes before the next start.
/// </summary>
internal sealed class CronScaler : IScaler
{
    private readonly CronTriggerOptions _options;
    private readonly TimeProvider _time;

    public CronScaler(CronTriggerOptions options, ScalerContext context)
    {
        _options = options;
        _time = context.TimeProvider;
        MetricSpec = new MetricSpec(context.MetricName(Sanitize($"{options.Timezone}-{options.Start}-{options.End}")), 1, 0, MetricTargetType.AverageValue);
    }

    public MetricSpec MetricSpec { get; }

    public ValueTask<MetricReading> GetMetricAndActivityAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(ReadAt(_time.GetUtcNow()));

    /// <summary>The reading at <paramref name="now"/>.</summary>
    internal MetricReading ReadAt(DateTimeOffset now)
    {
        var nextStart = _options.StartExpression!.GetNextOccurrence(now.UtcDateTime, _options.Zone!);
        var nextEnd = _options.EndExpression!.GetNextOccurrence(now.UtcDateTime, _options.Zone!);
        var inside = nextEnd is not null && (nextStart is null || nextEnd < nextStart);
        return inside ? new MetricReading(_options.DesiredReplicas, true) : new MetricReading(0, false);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static string Sanitize(string text)
    {
        var chars = text.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray();
        return string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
    }
}
