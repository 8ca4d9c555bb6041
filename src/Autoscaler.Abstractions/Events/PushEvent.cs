namespace Autoscaler.Events;

/// <summary>
/// One event a push trigger received (an S3 record, an Event Grid event, a CloudEvent, an MQTT message), reduced to
/// what scaling needs: an id for idempotency and the values a Job made for it may be given.
/// </summary>
/// <param name="Id">The event's id (CloudEvents <c>id</c>, Event Grid <c>id</c>, S3 <c>sequencer</c>-based id, ...).
/// A second event with the same id for the same trigger is a redelivery and is not counted again.</param>
/// <param name="Type">The event's type (for example <c>s3:ObjectCreated:Put</c>); informational.</param>
/// <param name="Environment">Environment variables for a Job created for this event (one Job per event).</param>
public sealed record PushEvent(string Id, string Type, IReadOnlyDictionary<string, string> Environment);
