namespace Autoscaler.Scalers.AzureEventGrid;

/// <summary>The schema of an Event Grid subscription's deliveries.</summary>
public enum EventGridSchema
{
    /// <summary>Decide per delivery: CloudEvents when the content type or the JSON says so, else EventGridEvent (the default).</summary>
    Auto,

    /// <summary>The Event Grid event schema.</summary>
    EventGrid,

    /// <summary>The CloudEvents 1.0 schema.</summary>
    CloudEvents,
}
