using System.Text.Json.Nodes;

namespace Autoscaler.KubeApiServer;

/// <summary>core/v1 and events.k8s.io/v1 Events are one stored object seen two ways (wire fact 33).</summary>
internal static class EventConversion
{
    private static readonly (string Core, string Events)[] Renames =
    [
        ("involvedObject", "regarding"),
        ("message", "note"),
        ("reportingComponent", "reportingController"),
        ("source", "deprecatedSource"),
        ("firstTimestamp", "deprecatedFirstTimestamp"),
        ("lastTimestamp", "deprecatedLastTimestamp"),
        ("count", "deprecatedCount"),
    ];

    public static JsonObject ToCore(JsonObject events)
    {
        var core = new JsonObject();
        foreach (var (key, value) in events)
        {
            var rename = Renames.FirstOrDefault(r => r.Events == key).Core;
            core[rename ?? key] = value?.DeepClone();
        }

        core["source"] ??= new JsonObject();
        if (!core.ContainsKey("firstTimestamp"))
        {
            core["firstTimestamp"] = null;
        }

        if (!core.ContainsKey("lastTimestamp"))
        {
            core["lastTimestamp"] = null;
        }

        core["apiVersion"] = "v1";
        return core;
    }

    public static JsonObject ToEvents(JsonObject core)
    {
        var events = new JsonObject { ["kind"] = "Event", ["apiVersion"] = "events.k8s.io/v1", ["metadata"] = core["metadata"]?.DeepClone() };
        foreach (var (key, value) in core)
        {
            if (key is "kind" or "apiVersion" or "metadata")
            {
                continue;
            }

            var rename = Renames.FirstOrDefault(r => r.Core == key).Events;
            events[rename ?? key] = value?.DeepClone();
        }

        if (!events.ContainsKey("eventTime"))
        {
            events["eventTime"] = null;
        }

        events["deprecatedSource"] ??= new JsonObject();
        return events;
    }
}
