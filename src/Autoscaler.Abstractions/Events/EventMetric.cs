namespace Autoscaler.Events;

/// <summary>What a push trigger's metric counts.</summary>
public enum EventMetric
{
    /// <summary>Events per second over the trigger's <c>window</c> (the default).</summary>
    Rate,

    /// <summary>Events accepted and not yet completed: a Job was not yet created for them (one Job per event), or
    /// (ScaledObject) their <c>pendingTimeout</c> has not passed.</summary>
    Pending,
}
