using Autoscaler.Events;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.CloudEvents;

/// <summary>The <c>cloudevents</c> trigger's metadata: the shared push fields plus filters.</summary>
public sealed class CloudEventsTriggerOptions : PushTriggerOptions
{
    /// <summary>Event types to count, comma-separated; an entry ending in <c>*</c> is a prefix. The default is every type.</summary>
    [TriggerField("types", Optional = true)]
    public string? Types { get; set; }

    /// <summary>Event sources to count, comma-separated; an entry ending in <c>*</c> is a prefix. The default is every source.</summary>
    [TriggerField("sources", Optional = true)]
    public string? Sources { get; set; }

    /// <summary>Count only events whose <c>subject</c> starts with this. The default is no filter.</summary>
    [TriggerField("subjectPrefix", Optional = true)]
    public string? SubjectPrefix { get; set; }

    /// <summary>Count only events whose <c>subject</c> ends with this. The default is no filter.</summary>
    [TriggerField("subjectSuffix", Optional = true)]
    public string? SubjectSuffix { get; set; }

    /// <summary>The origin answered to the OPTIONS abuse-protection handshake. The default is <c>*</c> (any origin that asks).</summary>
    [TriggerField("allowedOrigin", Default = "*")]
    public string AllowedOrigin { get; set; } = "*";
}
