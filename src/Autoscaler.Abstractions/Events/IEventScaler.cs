using Autoscaler.Scaling;

namespace Autoscaler.Events;

/// <summary>
/// The scaler of one push trigger, made by <see cref="IEventHub"/>. Its metric is the trigger's event count
/// (<see cref="EventMetric"/>); publishing an event records it durably first and then wakes the object's loop at once.
/// </summary>
public interface IEventScaler : IPushScaler
{
    /// <summary>
    /// Records <paramref name="events"/> durably (they survive a crash once this returns), counts them and wakes the
    /// loop. Events with an id already seen are acknowledged as duplicates.
    /// </summary>
    ValueTask<PublishResult> PublishAsync(IReadOnlyList<PushEvent> events, CancellationToken cancellationToken);

    /// <summary>Whether the trigger creates one Job per event (ScaledJob, <c>jobPerEvent: "true"</c>).</summary>
    bool OneJobPerEvent { get; }

    /// <summary>Takes the oldest event still waiting for its Job, if any (one Job per event).</summary>
    bool TryTakeJobEvent(out PushEvent pushEvent);

    /// <summary>Records durably that a Job was created for <paramref name="pushEvent"/>: it is done and is not replayed.</summary>
    ValueTask CompleteJobEventAsync(PushEvent pushEvent, CancellationToken cancellationToken);

    /// <summary>Gives back an event taken with <see cref="TryTakeJobEvent"/> whose Job could not be created; it goes first next time.</summary>
    void ReturnJobEvent(PushEvent pushEvent);
}
