using Autoscaler.Engine;
using Autoscaler.Model;
using Autoscaler.Scaling;

namespace Autoscaler.Tests.Engine;

/// <summary>Drives the pure engine through scripted time, as Knative's tests do: each step says now, values, expectation.</summary>
internal sealed class StepScript
{
    private readonly ScaleEngine _engine = new();
    private readonly ScaledObjectSpec _spec;

    public StepScript(ScaledObjectSpec spec, DateTimeOffset start)
    {
        _spec = spec;
        Now = start;
        State = ScalerState.New(start);
    }

    public DateTimeOffset Now { get; private set; }

    public ScalerState State { get; private set; }

    public int Replicas { get; private set; }

    public static MetricSpec Metric(double target, double activation = 0, MetricTargetType type = MetricTargetType.AverageValue) =>
        new("s0-test", target, activation, type);

    public static TriggerSample Sample(int index, MetricSpec metric, double value) =>
        TriggerSample.Read(index, $"t{index}", metric, new MetricReading(value, value > metric.ActivationThreshold));

    /// <summary>Advances the clock, decides, applies the decision (as the actuator would) and returns it.</summary>
    public ScaleDecision Step(TimeSpan advance, params TriggerSample[] samples)
    {
        Now += advance;
        var decision = _engine.Decide(new ScaleInput(_spec, samples, Replicas, State, Now));
        State = decision.State;
        Replicas = decision.DesiredReplicas;
        return decision;
    }

    public void SetReplicas(int replicas) => Replicas = replicas;
}
