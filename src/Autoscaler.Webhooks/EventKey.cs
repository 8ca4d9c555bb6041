namespace Autoscaler.Webhooks;

/// <summary>The route key of a push trigger: <c>{scaledobjects|scaledjobs}/{namespace}/{name}/{trigger}</c>.</summary>
internal static class EventKey
{
    public static string For(string objectKind, string @namespace, string name, string trigger) =>
        $"{KindSegment(objectKind)}/{@namespace}/{name}/{trigger}";

    public static string KindSegment(string objectKind) =>
        string.Equals(objectKind, "ScaledJob", StringComparison.OrdinalIgnoreCase) ? "scaledjobs" : "scaledobjects";
}
