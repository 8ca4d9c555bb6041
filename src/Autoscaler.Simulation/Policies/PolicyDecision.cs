namespace Autoscaler.Simulation.Policies;

/// <summary>A policy's answer: the replicas to run, and when to be asked next.</summary>
/// <param name="Replicas">Desired pods (ready or starting).</param>
/// <param name="NextDecisionMs">When to decide next, in virtual milliseconds; later than now.</param>
public readonly record struct PolicyDecision(int Replicas, long NextDecisionMs)
{
    /// <summary>
    /// When the policy skipped decisions it knows would change nothing (0, the default, when it did not): the period of
    /// those skipped ticks, in milliseconds. The replay then still ends its accounting stretches at each of them
    /// (now + k × period before <see cref="NextDecisionMs"/>), as it would had the policy decided there, so that its
    /// floating-point sums add the same terms in the same order and the results stay the same to the last bit.
    /// </summary>
    internal long SkippedTickMs { get; init; }
}
