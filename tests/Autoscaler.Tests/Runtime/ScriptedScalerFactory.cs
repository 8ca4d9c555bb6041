using System.Collections.Concurrent;
using Autoscaler.Scaling;

namespace Autoscaler.Tests.Runtime;

/// <summary>
/// A scaler for control-loop tests: trigger type <c>scripted</c>, metadata <c>source</c>. Each source's behaviour
/// (a value, an exception, a read that never returns) is set by the test; every read is recorded with the clock's time.
/// </summary>
public sealed class ScriptedScalerFactory : IScalerFactory
{
    public const string TypeName = "scripted";

    public ConcurrentDictionary<string, Func<CancellationToken, Task<double>>> Behaviours { get; } = new();

    public ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> Reads { get; } = new();

    public ConcurrentDictionary<string, int> Disposed { get; } = new();

    public string Type => TypeName;

    public void Set(string source, double value) => Behaviours[source] = _ => Task.FromResult(value);

    public void Fail(string source, string message) => Behaviours[source] = _ => throw new InvalidOperationException(message);

    public void Hang(string source) => Behaviours[source] = _ => new TaskCompletionSource<double>().Task;

    public IReadOnlyList<DateTimeOffset> ReadsOf(string source) => Reads.TryGetValue(source, out var q) ? [.. q] : [];

    public void Validate(Autoscaler.Model.ScaleTrigger trigger, Autoscaler.Validation.ErrorList errors)
    {
        if (!trigger.Metadata.ContainsKey("source"))
        {
            errors.Add("metadata.source", "is required");
        }
    }

    public IScaler Create(ScalerContext context) => new Scaler(this, context.Trigger.Metadata["source"], context);

    private sealed class Scaler(ScriptedScalerFactory factory, string source, ScalerContext context) : IScaler
    {
        public MetricSpec MetricSpec { get; } = new(context.MetricName(source), 5, 0, MetricTargetType.AverageValue);

        public async ValueTask<MetricReading> GetMetricAndActivityAsync(CancellationToken cancellationToken)
        {
            factory.Reads.GetOrAdd(source, _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(context.TimeProvider.GetUtcNow());
            var behaviour = factory.Behaviours.TryGetValue(source, out var b) ? b : _ => Task.FromResult(0.0);
            var value = await behaviour(cancellationToken);
            return new MetricReading(value, value > 0);
        }

        public ValueTask DisposeAsync()
        {
            factory.Disposed.AddOrUpdate(source, 1, (_, n) => n + 1);
            return ValueTask.CompletedTask;
        }
    }
}
