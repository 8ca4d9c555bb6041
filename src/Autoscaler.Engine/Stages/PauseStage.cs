namespace Autoscaler.Engine.Stages;

/// <summary>
/// The pause annotations, KEDA's (<c>autoscaling.keda.sh/…</c>) and ours (<c>autoscaler.dev/…</c>, same names):
/// <c>paused-replicas: N</c> sets the count to N and holds it (it wins over <c>paused</c>); <c>paused: "true"</c>
/// holds the current count; <c>paused-scale-in: "true"</c> allows no decrease; <c>paused-scale-out: "true"</c>
/// allows no increase. Runs after the clamp: a paused count is what the user said, not bounded by min/max.
/// </summary>
public sealed class PauseStage : IScalingStage
{
    /// <summary>KEDA's annotation prefix.</summary>
    public const string KedaPrefix = "autoscaling.keda.sh/";

    /// <summary>Our annotation prefix.</summary>
    public const string OwnPrefix = "autoscaler.dev/";

    /// <inheritdoc />
    public string Name => "pause";

    /// <inheritdoc />
    public void Apply(DecisionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var annotations = context.Input.Annotations;
        if (annotations.Count > 0)
        {
            Apply(context, annotations); // kept apart so that objects without annotations pay only for this check
        }
    }

    private static void Apply(DecisionContext context, IReadOnlyDictionary<string, string> annotations)
    {
        if (Find(annotations, "paused-replicas") is { } replicasText)
        {
            if (int.TryParse(replicasText.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var replicas) && replicas >= 0)
            {
                context.Paused = $"annotation {replicasText.Key}={replicas}";
                context.Set(replicas, ScaleReason.Paused, $"paused at {replicas} replicas by {context.Paused}");
                return;
            }
        }

        if (IsTrue(annotations, "paused") is { } paused)
        {
            context.Paused = $"annotation {paused}=true";
            context.Set(context.Current, ScaleReason.Paused, $"paused at {context.Current} replicas by {context.Paused}");
            return;
        }

        if (context.Desired < context.Current && IsTrue(annotations, "paused-scale-in") is { } scaleIn)
        {
            context.Paused = $"annotation {scaleIn}=true (scale-in only)";
            context.Set(context.Current, ScaleReason.Paused, $"scale-in to {context.Desired} paused by {context.Paused}; holding {context.Current}");
        }
        else if (context.Desired > context.Current && IsTrue(annotations, "paused-scale-out") is { } scaleOut)
        {
            context.Paused = $"annotation {scaleOut}=true (scale-out only)";
            context.Set(context.Current, ScaleReason.Paused, $"scale-out to {context.Desired} paused by {context.Paused}; holding {context.Current}");
        }
        else if (IsTrue(annotations, "paused-scale-in") is { } si)
        {
            context.Paused = $"annotation {si}=true (scale-in only)";
        }
        else if (IsTrue(annotations, "paused-scale-out") is { } so)
        {
            context.Paused = $"annotation {so}=true (scale-out only)";
        }
    }

    private static KeyValuePair<string, string>? Find(IReadOnlyDictionary<string, string> annotations, string name)
    {
        foreach (var prefix in (string[])[OwnPrefix, KedaPrefix])
        {
            if (annotations.TryGetValue(prefix + name, out var value))
            {
                return new(prefix + name, value);
            }
        }

        return null;
    }

    private static string? IsTrue(IReadOnlyDictionary<string, string> annotations, string name) =>
        Find(annotations, name) is { } found && bool.TryParse(found.Value.Trim(), out var b) && b ? found.Key : null;
}
