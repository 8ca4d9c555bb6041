using System.Collections.Concurrent;
using System.Globalization;
using Autoscaler.Engine.Formulas;
using Autoscaler.Scaling;

namespace Autoscaler.Engine.Stages;

/// <summary>
/// KEDA's <c>advanced.scalingModifiers</c>: the formula over the triggers' values (by name) replaces the per-trigger
/// metrics with one composite metric with <c>target</c>, <c>activationTarget</c> (default 0) and <c>metricType</c>
/// (default AverageValue). A failed trigger is null in the formula; <c>??</c> stands in for it. When the formula's
/// result is null (it used a failed trigger without <c>??</c>) the round counts as failed.
/// </summary>
public sealed class ScalingModifierStage : IScalingStage
{
    private static readonly ConcurrentDictionary<string, Formula?> Cache = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => "scaling-modifiers";

    /// <inheritdoc />
    public void Apply(DecisionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Input.Spec.Advanced?.ScalingModifiers is { Formula: { Length: > 0 } text } modifiers)
        {
            Apply(context, modifiers, text); // kept apart so that objects without a formula pay only for this check
        }
    }

    private static void Apply(DecisionContext context, Model.ScalingModifiers modifiers, string text)
    {
        var formula = Cache.GetOrAdd(text, static t =>
        {
            try
            {
                return Formula.Parse(t);
            }
            catch (FormulaException)
            {
                return null;
            }
        });
        if (formula is null || !double.TryParse(modifiers.Target, NumberStyles.Float, CultureInfo.InvariantCulture, out var target) || target <= 0)
        {
            return; // the validator rejects these at load; an object that got here anyway keeps the per-trigger result
        }

        var activation = double.TryParse(modifiers.ActivationTarget, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) ? a : 0;
        var type = modifiers.MetricType == "Value" ? MetricTargetType.Value : MetricTargetType.AverageValue;
        var triggers = context.Input.Triggers;
        var value = formula.Evaluate(name =>
        {
            foreach (var t in triggers)
            {
                if (t.Name == name)
                {
                    return t.HasFailed ? null : t.Value;
                }
            }

            return null;
        });

        if (value is not { } v || !double.IsFinite(v))
        {
            context.AllTriggersFailed = true;
            context.Set(context.Current, ScaleReason.ScalerErrors, $"formula '{text}' has no value (a trigger it needs failed; use ?? to stand in); holding {context.Current} replicas");
            return;
        }

        var behavior = context.Input.Spec.Advanced?.HorizontalPodAutoscalerConfig?.Behavior;
        var metric = new MetricSpec("s0-formula", target, activation, type);
        var replicas = ReplicaMath.Replicas(metric, v, context.Current, behavior?.ScaleUp?.Tolerance ?? ReplicaMath.DefaultTolerance, behavior?.ScaleDown?.Tolerance ?? ReplicaMath.DefaultTolerance, context.Explain, out var explanation, out _);
        context.AllTriggersFailed = false;
        context.IsActive = v > activation;
        context.Recommended = replicas;
        context.Recommendations.Add(new TriggerRecommendation(-1, "formula", replicas, context.Explain ? $"formula '{text}' = {ReplicaMath.Format(v)}: {explanation}" : ""));
        context.Set(replicas, ScaleReason.Metrics, $"formula '{text}' = {ReplicaMath.Format(v)}: {explanation}");
    }
}
