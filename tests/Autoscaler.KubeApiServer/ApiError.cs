using System.Text.Json.Nodes;

namespace Autoscaler.KubeApiServer;

/// <summary>A failure answered with a <c>Status</c> body, built the way kube-apiserver builds them.</summary>
internal sealed class ApiError : Exception
{
    public ApiError(int code, string reason, string message, JsonObject? details)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public ApiError() : this(500, "InternalError", "internal error", null) { }

    public ApiError(string message) : this(500, "InternalError", message, null) { }

    public ApiError(string message, Exception inner) : base(message, inner)
    {
        Code = 500;
        Reason = "InternalError";
    }

    public int Code { get; }

    public string Reason { get; }

    public JsonObject? Details { get; }

    /// <summary>A body to send instead of the one built from the fields.</summary>
    public JsonObject? Body { get; init; }

    public JsonObject ToStatus() => Body ?? StatusBody(Code, Reason, Message, Details);

    public static JsonObject StatusBody(int code, string reason, string message, JsonObject? details)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details;
        }

        status["code"] = code;
        return status;
    }

    public static JsonObject DetailsFor(ResourceType type, string name, string? kind = null)
    {
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }

        details["kind"] = kind ?? type.Plural;
        return details;
    }

    public static ApiError NotFound(ResourceType type, string name, string? subresource = null) =>
        new(404, "NotFound", $"{(subresource is null ? type.Qualified : (type.Group.Length == 0 ? $"{type.Plural}/{subresource}" : $"{type.Plural}/{subresource}.{type.Group}"))} \"{name}\" not found", DetailsFor(type, name, subresource is null ? null : $"{type.Plural}/{subresource}"));

    public static ApiError AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.Qualified} \"{name}\" already exists", DetailsFor(type, name));

    public static ApiError Conflict(ResourceType type, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.Qualified} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", DetailsFor(type, name));

    public static ApiError Invalid(ResourceType type, string name, IReadOnlyList<(string Reason, string Field, string Message)> causes)
    {
        var parts = causes.Select(c => $"{c.Field}: {c.Message}").ToList();
        var joined = parts.Count == 1 ? parts[0] : "[" + string.Join(", ", parts) + "]";
        var details = DetailsFor(type, name, type.Kind);
        details["causes"] = new JsonArray([.. causes.Select(c => (JsonNode)new JsonObject { ["reason"] = c.Reason, ["message"] = c.Message, ["field"] = c.Field })]);
        return new(422, "Invalid", $"{type.QualifiedKind} \"{name}\" is invalid: {joined}", details);
    }

    public static ApiError BadRequest(string message) => new(400, "BadRequest", message, null);

    public static ApiError Expired(string message) => new(410, "Expired", message, null);

    public static ApiError Forbidden(ResourceType type, string? name, string user, string verb, string? ns, string? subresource = null)
    {
        var resource = subresource is null ? type.Plural : $"{type.Plural}/{subresource}";
        var target = name is null ? type.Qualified : $"{type.Qualified} \"{name}\"";
        var where = ns is null ? "at the cluster scope" : $"in the namespace \"{ns}\"";
        var message = $"{target} is forbidden: User \"{user}\" cannot {verb} resource \"{resource}\" in API group \"{type.Group}\" {where}";
        return new(403, "Forbidden", message, DetailsFor(type, name ?? ""));
    }
}
