namespace Autoscaler.Simulation.Policies;

/// <summary>One policy running on one series: asked at the times it names; sees only the past.</summary>
public interface IPolicyController
{
    /// <summary>Decides at <see cref="PolicyObservation.NowMs"/>. The first call is at 0.</summary>
    PolicyDecision Decide(in PolicyObservation observation);
}
