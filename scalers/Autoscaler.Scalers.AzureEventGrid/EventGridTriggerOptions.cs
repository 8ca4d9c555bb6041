using Autoscaler.Events;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.AzureEventGrid;

/// <summary>The <c>azure-event-grid</c> trigger's metadata: the shared push fields, the schema and filters.</summary>
public sealed class EventGridTriggerOptions : PushTriggerOptions
{
    /// <summary><c>auto</c> (the default), <c>eventGrid</c> or <c>cloudEvents</c>.</summary>
    [TriggerField("schema", Default = "auto")]
    public EventGridSchema Schema { get; set; }

    /// <summary>Event types to count, comma-separated; an entry ending in <c>*</c> is a prefix (<c>Microsoft.Storage.Blob*</c>). The default is every type.</summary>
    [TriggerField("eventTypes", Optional = true)]
    public string? EventTypes { get; set; }

    /// <summary>Count only events whose subject starts with this (Event Grid's <c>subjectBeginsWith</c>). The default is no filter.</summary>
    [TriggerField("subjectBeginsWith", Optional = true)]
    public string? SubjectBeginsWith { get; set; }

    /// <summary>Count only events whose subject ends with this (Event Grid's <c>subjectEndsWith</c>). The default is no filter.</summary>
    [TriggerField("subjectEndsWith", Optional = true)]
    public string? SubjectEndsWith { get; set; }
}
