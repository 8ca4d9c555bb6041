using Autoscaler.Actuation;
using Autoscaler.Model;

namespace Autoscaler.Runtime.Placement;

/// <summary>
/// The actuation side of <c>spec.placement</c>; the engine still decides one total. Reading puts the target on its
/// profile, makes sure the burst Deployment exists and follows the target's template, and sums base and burst. Writing
/// splits the total: the first <see cref="Model.Placement.BaseReplicas"/> on the target, the rest on the burst
/// Deployment; when the burst shrinks it is written first, so it reaches 0 before the base loses a replica.
/// </summary>
internal sealed class PlacementActuator
{
    private static readonly ScaleTargetState Nothing = new(0, 0, 0);
    private readonly IScaleClient _scale;
    private readonly IWorkloadPlacement _workloads;

    public PlacementActuator(IScaleClient scale, IWorkloadPlacement workloads)
    {
        _scale = scale;
        _workloads = workloads;
    }

    /// <summary>The burst Deployment of an object's placement, or null when it has none.</summary>
    public static BurstRequest? BurstOf(ScaledObject scaledObject, ScaleTargetKey target) =>
        scaledObject.Spec.Placement is { BurstProfile: { } profile } ? new BurstRequest(target, scaledObject.Metadata.Name, profile) : null;

    public async ValueTask<PlacedState> ReadAsync(Model.Placement placement, ScaleTargetKey target, BurstRequest? burst, CancellationToken cancellationToken)
    {
        // The scale reads come first: they tell the placement whether the objects changed since its last check.
        var baseState = await _scale.GetScaleAsync(target, cancellationToken).ConfigureAwait(false);
        if (placement.Profile is { } profile)
        {
            await _workloads.ApplyProfileAsync(target, profile, cancellationToken).ConfigureAwait(false);
        }

        if (burst is null)
        {
            return new PlacedState(baseState, null);
        }

        ScaleTargetState burstState;
        try
        {
            burstState = await _scale.GetScaleAsync(burst.Burst, cancellationToken).ConfigureAwait(false);
        }
        catch (ScaleTargetNotFoundException)
        {
            // Not created (yet): made below, or this instance is a standby. Counts as 0.
            burstState = Nothing;
        }

        await _workloads.EnsureBurstAsync(burst, cancellationToken).ConfigureAwait(false);
        return new PlacedState(baseState, burstState);
    }

    public async ValueTask<PlacedState> SetAsync(Model.Placement placement, ScaleTargetKey target, BurstRequest? burst, PlacedState current, int total, CancellationToken cancellationToken)
    {
        if (burst is null || current.Burst is null)
        {
            return new PlacedState(await _scale.SetReplicasAsync(target, total, cancellationToken).ConfigureAwait(false), current.Burst);
        }

        var baseWanted = Math.Min(total, placement.BaseReplicas ?? 0);
        var burstWanted = total - baseWanted;
        var baseState = current.Base;
        var burstState = current.Burst;
        if (burstWanted < burstState.DesiredReplicas)
        {
            // Scale in: the burst goes first (to 0 before the base shrinks).
            burstState = await _scale.SetReplicasAsync(burst.Burst, burstWanted, cancellationToken).ConfigureAwait(false);
            if (baseWanted != baseState.DesiredReplicas)
            {
                baseState = await _scale.SetReplicasAsync(target, baseWanted, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            // Scale out: fill the base (regular nodes) first, then the burst.
            if (baseWanted != baseState.DesiredReplicas)
            {
                baseState = await _scale.SetReplicasAsync(target, baseWanted, cancellationToken).ConfigureAwait(false);
            }

            if (burstWanted != burstState.DesiredReplicas)
            {
                burstState = await _scale.SetReplicasAsync(burst.Burst, burstWanted, cancellationToken).ConfigureAwait(false);
            }
        }

        return new PlacedState(baseState, burstState);
    }

    public ValueTask ReleaseAsync(BurstRequest burst, CancellationToken cancellationToken) => _workloads.DeleteBurstAsync(burst, cancellationToken);
}
