using Autoscaler.Actuation;

namespace Autoscaler.Runtime.Placement;

/// <summary>The replicas of a placed ScaledObject: on its target (base) and on its burst Deployment.</summary>
/// <param name="Base">The target's state.</param>
/// <param name="Burst">The burst Deployment's state; null when the placement has no burst.</param>
internal sealed record PlacedState(ScaleTargetState Base, ScaleTargetState? Burst)
{
    /// <summary>Base and burst together: what the engine sees.</summary>
    public ScaleTargetState Total => Burst is null
        ? Base
        : new(Base.DesiredReplicas + Burst.DesiredReplicas, Base.CurrentReplicas + Burst.CurrentReplicas, Base.ReadyReplicas + Burst.ReadyReplicas);
}
