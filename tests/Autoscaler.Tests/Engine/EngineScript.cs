using Autoscaler.Engine;
using Autoscaler.Model;
using Autoscaler.Scaling;

namespace Autoscaler.Tests.Engine;

/// <summary>Scripted time for the engine: each step is a decision at t0 + seconds; the target follows the decision at once.</summary>
internal sealed class EngineScript
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero); // a Monday

    private readonly ScaleEngine _engine = new();

    public EngineScript(ScaledObjectSpec spec, int current, IReadOnlyDictionary<string, string>? annotations = null)
    {
        Spec = spec;
        Current = current;
        State = ScalerState.New(T0);
        Annotations = annotations ?? new Dictionary<string, string>();
    }

    public ScaledObjectSpec Spec { get; }

    public int Current { get; set; }

    public ScalerState State { get; private set; }

    public IReadOnlyDictionary<string, string> Annotations { get; }

    public static ScaledObjectSpec NewSpec(int min = 0, int max = 100, int cooldown = 300, HpaBehavior? behavior = null) => new()
    {
        MinReplicaCount = min,
        MaxReplicaCount = max,
        CooldownPeriod = cooldown,
        Advanced = behavior is null ? null : new AdvancedConfig { HorizontalPodAutoscalerConfig = new HorizontalPodAutoscalerConfig { Behavior = behavior } },
        Triggers = [new ScaleTrigger { Type = "demo", Name = "q" }],
    };

    /// <summary>A read of trigger 'q' (AverageValue, target 10 per replica by default); null value = a failed read.</summary>
    public static TriggerSample Q(double? value, double target = 10, double activation = 0, string name = "q", int index = 0)
    {
        var metric = new MetricSpec("s0-" + name, target, activation, MetricTargetType.AverageValue);
        return value is { } v
            ? new TriggerSample(index, name, metric, v, v > activation, null)
            : TriggerSample.Failed(index, name, metric, "connection refused");
    }

    public ScaleDecision At(double seconds, params TriggerSample[] samples) => At(T0.AddSeconds(seconds), samples);

    public ScaleDecision At(DateTimeOffset now, params TriggerSample[] samples)
    {
        var decision = _engine.Decide(new ScaleInput(Spec, samples, Current, State, now) { Annotations = Annotations });
        State = decision.State;
        Current = decision.DesiredReplicas;
        return decision;
    }

    public static HpaScalingRules Rules(int? window = null, string? select = null, params (string Type, int Value, int Period)[] policies) => new()
    {
        StabilizationWindowSeconds = window,
        SelectPolicy = select,
        Policies = [.. policies.Select(p => new HpaScalingPolicy { Type = p.Type, Value = p.Value, PeriodSeconds = p.Period })],
    };
}
