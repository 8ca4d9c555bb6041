using Autoscaler.Model;

namespace Autoscaler.Engine;

/// <summary>Everything one ScaledJob decision depends on.</summary>
/// <param name="Spec">The ScaledJob's spec.</param>
/// <param name="Triggers">This round's reads.</param>
/// <param name="RunningJobs">Jobs created and not finished (pending included).</param>
/// <param name="PendingJobs">Jobs whose pods do not run yet.</param>
/// <param name="Now">The time of the decision.</param>
public sealed record JobScaleInput(
    ScaledJobSpec Spec,
    IReadOnlyList<TriggerSample> Triggers,
    int RunningJobs,
    int PendingJobs,
    DateTimeOffset Now);
