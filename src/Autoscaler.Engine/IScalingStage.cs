namespace Autoscaler.Engine;

/// <summary>
/// One step of a decision. Stages are pure: they read the context (which carries <c>now</c>) and change it; they
/// never do I/O or read a clock. <see cref="ScaleEngine.DefaultStages"/> lists the order.
/// </summary>
public interface IScalingStage
{
    /// <summary>A short name for traces.</summary>
    string Name { get; }

    /// <summary>Applies the stage.</summary>
    void Apply(DecisionContext context);
}
