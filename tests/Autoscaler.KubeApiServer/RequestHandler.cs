using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Autoscaler.KubeApiServer;

/// <summary>Answers one API request the way kube-apiserver v1.28 does (see shared/kube/README.md for the wire facts).</summary>
internal sealed class RequestHandler
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly ApiStore _store;
    private readonly KubeApiTestServerOptions _options;
    private readonly TimeProvider _time;
    private readonly string _flowSchemaUid = Guid.NewGuid().ToString();
    private readonly string _priorityLevelUid = Guid.NewGuid().ToString();

    public RequestHandler(ApiStore store, KubeApiTestServerOptions options, TimeProvider time)
    {
        _store = store;
        _options = options;
        _time = time;
    }

    public event Action<string, string, string?>? RequestReceived;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        RequestReceived?.Invoke(request.Method, request.Path.Value ?? "", request.ContentType);
        try
        {
            await DispatchAsync(context).ConfigureAwait(false);
        }
        catch (ApiError e)
        {
            await WriteAsync(context, e.Code, e.ToStatus(), custom: false, authenticated: e.Code != 401).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not JsonException && !context.Response.HasStarted)
        {
            await WriteAsync(context, 500, ApiError.StatusBody(500, "InternalError", "test server failure: " + e, null), false).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            await WriteAsync(context, 400, ApiError.StatusBody(400, "BadRequest", "the body of the request could not be decoded: " + e.Message, null), false).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var user = Authenticate(context.Request);
        if (path == "/version")
        {
            await WriteRawAsync(context, 200, JsonSerializer.Serialize(VersionInfo(), Indented)).ConfigureAwait(false);
            return;
        }

        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group, version;
        int rest;
        if (segments.Length >= 2 && segments[0] == "api")
        {
            (group, version, rest) = ("", segments[1], 2);
        }
        else if (segments.Length >= 3 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else
        {
            throw new ApiError(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        }

        if (segments.Length == rest)
        {
            await WriteAsync(context, 200, Discovery(group, version), false).ConfigureAwait(false);
            return;
        }

        var parts = segments[rest..];
        string? ns = null;
        if (parts.Length >= 3 && parts[0] == "namespaces")
        {
            ns = parts[1];
            parts = parts[2..];
        }

        var type = _store.Find(group, version, parts[0])
            ?? throw new ApiError(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        if (type.Namespaced != (ns is not null) && parts.Length > 1 && type.Namespaced)
        {
            throw new ApiError(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        }

        var name = parts.Length > 1 ? parts[1] : null;
        var subresource = parts.Length > 2 ? parts[2] : null;
        var query = context.Request.Query;
        var method = context.Request.Method;
        var verb = (method, name) switch
        {
            ("GET", null) => query["watch"] == "true" || query["watch"] == "1" ? "watch" : "list",
            ("GET", _) => "get",
            ("POST", _) => "create",
            ("PUT", _) => "update",
            ("PATCH", _) => "patch",
            ("DELETE", null) => "deletecollection",
            ("DELETE", _) => "delete",
            _ => throw new ApiError(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource", new JsonObject()),
        };
        if (user != "admin")
        {
            throw ApiError.Forbidden(type, name, user, verb, ns, subresource);
        }

        if (type.ViewOf is not null)
        {
            await HandleViewAsync(context, type, ns, name, verb).ConfigureAwait(false);
            return;
        }

        switch (verb)
        {
            case "list":
                await WriteAsync(context, 200, List(type, ns, query), type.IsCustom).ConfigureAwait(false);
                break;
            case "watch":
                await WatchAsync(context, type, ns, query).ConfigureAwait(false);
                break;
            case "get":
                await WriteAsync(context, 200, Get(type, ns, name!, subresource), type.IsCustom && subresource != "scale").ConfigureAwait(false);
                break;
            case "create":
                var (created, warnings) = Create(type, ns, await ReadBodyAsync(context).ConfigureAwait(false), query, UserAgent(context));
                foreach (var warning in warnings)
                {
                    context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
                }

                await WriteAsync(context, 201, created, type.IsCustom).ConfigureAwait(false);
                break;
            case "update":
            case "patch":
                var body = await ReadBodyAsync(context).ConfigureAwait(false);
                var updated = Update(type, ns, name!, subresource, body, verb == "patch" ? context.Request.ContentType : null, UserAgent(context));
                await WriteAsync(context, 200, updated, type.IsCustom && subresource != "scale").ConfigureAwait(false);
                break;
            case "delete":
                var options = context.Request.ContentLength > 0 ? await ReadBodyAsync(context).ConfigureAwait(false) as JsonObject : null;
                var policy = (string?)query["propagationPolicy"] ?? options?["propagationPolicy"]?.GetValue<string>();
                if (type.Key == "batch/jobs" && policy is null)
                {
                    context.Response.Headers.Append("Warning", "299 - \"child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning\"");
                }

                var (deletedCode, deleted) = Delete(type, ns, name!, policy);
                await WriteAsync(context, deletedCode, deleted, type.IsCustom && deleted["kind"]?.GetValue<string>() != "Status").ConfigureAwait(false);
                break;
            default:
                throw new ApiError(405, "MethodNotAllowed", "deletecollection is not supported by the test server", new JsonObject());
        }
    }

    /// <summary>events.k8s.io/v1 Events: stored as core/v1 Events, converted on the way in and out.</summary>
    private async Task HandleViewAsync(HttpContext context, ResourceType view, string? ns, string? name, string verb)
    {
        var core = _store.AllTypes().First(t => t.Key == view.ViewOf && t.ViewOf is null);
        switch (verb)
        {
            case "get":
                await WriteAsync(context, 200, EventConversion.ToEvents(Get(core, ns, name!, null)), false).ConfigureAwait(false);
                break;
            case "list":
                var list = List(core, ns, context.Request.Query);
                list["apiVersion"] = view.ApiVersion;
                var items = new JsonArray([.. list["items"]!.AsArray().Select(i => (JsonNode)Strip(EventConversion.ToEvents((JsonObject)i!)))]);
                list["items"] = items;
                await WriteAsync(context, 200, list, false).ConfigureAwait(false);
                break;
            case "create":
                var body = await ReadBodyAsync(context).ConfigureAwait(false) as JsonObject ?? throw ApiError.BadRequest("the body of the request was empty or not an object");
                var causes = Defaults.Validate(view, body);
                if (causes.Count > 0)
                {
                    throw ApiError.Invalid(core, body["metadata"]?["name"]?.GetValue<string>() ?? "", causes);
                }

                var (created, _) = Create(core, ns, EventConversion.ToCore(body), context.Request.Query, UserAgent(context), view.ApiVersion);
                await WriteAsync(context, 201, EventConversion.ToEvents(created), false).ConfigureAwait(false);
                break;
            case "delete":
                var (code, deleted) = Delete(core, ns, name!, null);
                await WriteAsync(context, code, deleted, false).ConfigureAwait(false);
                break;
            default:
                throw new ApiError(405, "MethodNotAllowed", "the test server serves events.k8s.io/v1 Events for get, list, create and delete only", new JsonObject());
        }

        static JsonObject Strip(JsonObject item)
        {
            item.Remove("kind");
            item.Remove("apiVersion");
            return item;
        }
    }

    private string Authenticate(HttpRequest request)
    {
        var header = (string?)request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return "system:anonymous";
        }

        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : "";
        if (token == _options.AdminToken)
        {
            return "admin";
        }

        if (token == _options.LimitedToken)
        {
            return "limited-user";
        }

        throw new ApiError(401, "Unauthorized", "Unauthorized", null);
    }

    private static string UserAgent(HttpContext context)
    {
        var agent = (string?)context.Request.Headers.UserAgent ?? "unknown";
        var slash = agent.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? agent[..slash] : agent;
    }

    private static async Task<JsonNode?> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private string Now() => _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- reads

    private JsonObject Get(ResourceType type, string? ns, string name, string? subresource)
    {
        var obj = _store.Get(type, ns, name) ?? throw ApiError.NotFound(type, name, subresource == "scale" ? "scale" : null);
        return subresource switch
        {
            null or "status" => obj,
            "scale" when type.Scale is not null => ToScale(type, obj),
            _ => throw new ApiError(404, "NotFound", "the server could not find the requested resource", new JsonObject()),
        };
    }

    private JsonObject List(ResourceType type, string? ns, IQueryCollection query)
    {
        var selector = ParseSelector(query["labelSelector"]);
        var (all, rv) = _store.List(type, ns);
        var items = all.Where(selector.Matches).ToList();
        var exact = (string?)query["resourceVersionMatch"] == "Exact" && long.TryParse(query["resourceVersion"], out var exactRv);
        if (exact && long.Parse(query["resourceVersion"]!, CultureInfo.InvariantCulture) < _store.Oldest)
        {
            throw ApiError.Expired("The resourceVersion for the provided list is too old.");
        }

        var start = "";
        if (!string.IsNullOrEmpty(query["continue"]))
        {
            var token = JsonNode.Parse(Encoding.UTF8.GetString(Base64UrlDecode(query["continue"]!)))!;
            var tokenRv = long.Parse(token["rv"]!.ToJsonString(), CultureInfo.InvariantCulture);
            start = token["start"]!.GetValue<string>();
            if (tokenRv < _store.Oldest)
            {
                var fresh = Base64UrlEncode(new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = -1, ["start"] = start }.ToJsonString());
                var error = ApiError.StatusBody(410, "Expired",
                    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.",
                    null);
                error["metadata"] = new JsonObject { ["continue"] = fresh };
                throw new ApiError(410, "Expired", error["message"]!.GetValue<string>(), null) { Body = error };
            }

            rv = tokenRv;
            items = [.. items.Where(i => string.CompareOrdinal(ItemKey(i), start) >= 0)];
        }

        var metadata = new JsonObject();
        if (int.TryParse(query["limit"], out var limit) && limit > 0 && items.Count > limit)
        {
            var next = ItemKey(items[limit - 1]) + "\u0000";
            metadata["continue"] = Base64UrlEncode(new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = rv, ["start"] = next }.ToJsonString());
            metadata["remainingItemCount"] = items.Count - limit;
            items = items[..limit];
        }
        else if (type.IsCustom)
        {
            metadata["continue"] = "";
        }

        metadata["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        var array = new JsonArray();
        foreach (var item in items)
        {
            if (!type.IsCustom)
            {
                item.Remove("kind");
                item.Remove("apiVersion");
            }

            array.Add(item);
        }

        return new JsonObject { ["kind"] = type.ListKind, ["apiVersion"] = type.ApiVersion, ["metadata"] = metadata, ["items"] = array };
    }

    private static string ItemKey(JsonObject item) =>
        item["metadata"]?["namespace"]?.GetValue<string>() is { } ns ? $"{ns}/{item["metadata"]!["name"]!.GetValue<string>()}" : item["metadata"]!["name"]!.GetValue<string>();

    private static LabelSelector ParseSelector(string? text)
    {
        try
        {
            return LabelSelector.Parse(text);
        }
        catch (FormatException e)
        {
            throw ApiError.BadRequest(e.Message);
        }
    }

    private async Task WatchAsync(HttpContext context, ResourceType type, string? ns, IQueryCollection query)
    {
        var selector = ParseSelector(query["labelSelector"]);
        var rvText = (string?)query["resourceVersion"];
        long? from = string.IsNullOrEmpty(rvText) || rvText == "0" ? null : long.Parse(rvText, CultureInfo.InvariantCulture);
        var bookmarks = (string?)query["allowWatchBookmarks"] == "true";
        var timeout = int.TryParse(query["timeoutSeconds"], out var seconds) ? TimeSpan.FromSeconds(seconds) : _options.DefaultWatchTimeout;
        var response = context.Response;
        SetHeaders(response, 200, authenticated: true);
        await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        var opened = _store.OpenWatch(type, ns, selector, from);
        if (opened is null)
        {
            var status = ApiError.StatusBody(410, "Expired", $"too old resource version: {from} ({_store.Oldest})", null);
            await WriteLineAsync(response, new JsonObject { ["type"] = "ERROR", ["object"] = status }, false, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var (watch, replay) = opened.Value;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var bookmarkAt = timeout - TimeSpan.FromSeconds(Math.Min(1, timeout.TotalSeconds / 10));
        deadline.CancelAfter(bookmarks ? bookmarkAt : timeout);
        var lastRv = from ?? 0;
        var sent = 0;
        try
        {
            foreach (var e in replay)
            {
                await SendAsync(e).ConfigureAwait(false);
            }

            while (await watch.Channel.Reader.WaitToReadAsync(deadline.Token).ConfigureAwait(false))
            {
                while (watch.Channel.Reader.TryRead(out var e))
                {
                    await SendAsync(e).ConfigureAwait(false);
                }
            }

            return; // the server dropped the watch
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException)
        {
            return;
        }
        finally
        {
            _store.CloseWatch(watch);
        }

        if (bookmarks && sent > 0)
        {
            var bookmark = new JsonObject
            {
                ["type"] = "BOOKMARK",
                ["object"] = new JsonObject
                {
                    ["kind"] = type.Kind,
                    ["apiVersion"] = type.ApiVersion,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = Math.Max(lastRv, _store.ResourceVersion).ToString(CultureInfo.InvariantCulture) },
                },
            };
            await WriteLineAsync(response, bookmark, type.IsCustom, context.RequestAborted).ConfigureAwait(false);
            try
            {
                await Task.Delay(timeout - bookmarkAt, _time, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        async Task SendAsync(ApiStore.StoredEvent e)
        {
            var obj = (JsonObject)e.Object.DeepClone();
            await WriteLineAsync(response, new JsonObject { ["type"] = e.Type, ["object"] = obj }, type.IsCustom, context.RequestAborted).ConfigureAwait(false);
            lastRv = e.ResourceVersion;
            sent++;
        }
    }

    // ---------------------------------------------------------------- writes

    private (JsonObject Created, List<string> Warnings) Create(ResourceType type, string? ns, JsonNode? body, IQueryCollection query, string manager, string? writtenAs = null)
    {
        if (body is not JsonObject input)
        {
            throw ApiError.BadRequest("the body of the request was empty or not an object");
        }

        var metadata = input["metadata"] as JsonObject ?? [];
        var name = metadata["name"]?.GetValue<string>();
        var generateName = metadata["generateName"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name) && string.IsNullOrEmpty(generateName))
        {
            throw ApiError.Invalid(type, "", [("FieldValueRequired", "metadata.name", "Required value: name or generateName is required")]);
        }

        var warnings = new List<string>();
        if (type.IsCustom && type.Schema is not null)
        {
            var (causes, unknown) = SchemaValidator.Validate(type.Schema, input);
            if (unknown.Count > 0 && (string?)query["fieldValidation"] == "Strict")
            {
                throw ApiError.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: "
                    + string.Join(", ", unknown.Select(u => $"unknown field \"{u}\"")));
            }

            warnings.AddRange(unknown.Select(u => $"unknown field \"{u}\""));
            if (causes.Count > 0)
            {
                throw ApiError.Invalid(type, name ?? generateName!, causes);
            }
        }
        else
        {
            var causes = Defaults.Validate(type, input);
            if (causes.Count > 0)
            {
                throw ApiError.Invalid(type, name ?? generateName!, causes);
            }
        }

        var uid = Guid.NewGuid().ToString();
        for (var attempt = 0; ; attempt++)
        {
            var finalName = string.IsNullOrEmpty(name) ? generateName + Suffix() : name;
            var obj = Normalize(type, input, finalName, ns, uid, manager, writtenAs);
            if (obj["kind"]?.GetValue<string>() == "CustomResourceDefinition")
            {
                ((JsonObject)obj["spec"]!)["conversion"] ??= new JsonObject { ["strategy"] = "None" };
                obj["status"] = new JsonObject
                {
                    ["conditions"] = null,
                    ["acceptedNames"] = new JsonObject { ["plural"] = "", ["kind"] = "" },
                    ["storedVersions"] = new JsonArray([.. (obj["spec"]?["versions"] as JsonArray ?? []).Where(v => v?["storage"]?.GetValue<bool>() == true).Select(v => (JsonNode)v!["name"]!.GetValue<string>())]),
                };
            }

            try
            {
                var committed = _store.Commit(type, ns, finalName, obj, "ADDED", current =>
                {
                    if (current is not null)
                    {
                        throw ApiError.AlreadyExists(type, finalName);
                    }
                });
                if (type.Key == "apiextensions.k8s.io/customresourcedefinitions")
                {
                    RegisterCrd(committed);
                }

                return (committed, warnings);
            }
            catch (ApiError e) when (e.Reason == "AlreadyExists" && string.IsNullOrEmpty(name) && attempt < 5)
            {
            }
        }
    }

    private static string Suffix() => new([.. Enumerable.Range(0, 5).Select(_ => Alphabet[Random.Shared.Next(Alphabet.Length)])]);

    private JsonObject Normalize(ResourceType type, JsonObject input, string name, string? ns, string uid, string manager, string? writtenAs)
    {
        var source = input["metadata"] as JsonObject ?? [];
        var metadata = new JsonObject { ["name"] = name };
        if (source["generateName"] is { } gn)
        {
            metadata["generateName"] = gn.DeepClone();
        }

        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        metadata["uid"] = uid;
        metadata["resourceVersion"] = "";
        if (BuiltInTypes.HasGeneration(type))
        {
            metadata["generation"] = 1;
        }

        metadata["creationTimestamp"] = Now();
        foreach (var field in new[] { "labels", "annotations", "ownerReferences", "finalizers" })
        {
            if (source[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        if (type.Key == "/namespaces")
        {
            var labels = metadata["labels"] as JsonObject ?? [];
            labels["kubernetes.io/metadata.name"] = name;
            metadata["labels"] = labels;
        }

        var managed = ManagedField(type, manager, null);
        if (writtenAs is not null)
        {
            managed["apiVersion"] = writtenAs;
        }

        metadata["managedFields"] = new JsonArray(managed);
        var obj = new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.ApiVersion, ["metadata"] = metadata };
        foreach (var (key, value) in input)
        {
            if (key is not ("kind" or "apiVersion" or "metadata"))
            {
                obj[key] = value?.DeepClone();
            }
        }

        if (type.Key == "/namespaces")
        {
            obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }

        if (type.HasStatus && type.IsCustom)
        {
            obj.Remove("status");
        }
        else if (type.HasStatus && type.Key is "apps/deployments" or "apps/statefulsets" or "batch/jobs")
        {
            obj.Remove("status");
        }

        if (type.Key == "/events" && !obj.ContainsKey("eventTime"))
        {
            obj["eventTime"] = null;
        }

        Defaults.Apply(type, obj);
        return obj;
    }

    private JsonObject ManagedField(ResourceType type, string manager, string? subresource)
    {
        var entry = new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = "Update",
            ["apiVersion"] = type.ApiVersion,
            ["time"] = Now(),
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = new JsonObject(),
        };
        if (subresource is not null)
        {
            entry["subresource"] = subresource;
        }

        return entry;
    }

    private JsonObject Update(ResourceType type, string? ns, string name, string? subresource, JsonNode? body, string? patchType, string manager)
    {
        if (subresource is not (null or "status" or "scale") || (subresource == "scale" && type.Scale is null) || (subresource == "status" && !type.HasStatus))
        {
            throw new ApiError(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        }

        if (patchType is not null)
        {
            var mediaType = patchType.Split(';')[0].Trim();
            var accepted = mediaType is "application/json-patch+json" or "application/merge-patch+json"
                || (mediaType == "application/strategic-merge-patch+json" && (!type.IsCustom || subresource == "scale"));
            if (!accepted)
            {
                throw type.IsCustom && subresource != "scale"
                    ? new ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml", null)
                    : new ApiError(415, "UnsupportedMediaType", "415: Unsupported Media Type", new JsonObject());
            }
        }

        JsonObject? result = null;
        lock (_store.SyncRoot)
        {
            var current = _store.Get(type, ns, name) ?? throw ApiError.NotFound(type, name, subresource == "scale" ? "scale" : null);
            var view = subresource == "scale" ? ToScale(type, current) : (JsonObject)current.DeepClone();
            JsonObject next;
            if (patchType is null)
            {
                next = body as JsonObject ?? throw ApiError.BadRequest("the body of the request was empty or not an object");
                var rv = next["metadata"]?["resourceVersion"]?.GetValue<string>();
                if (string.IsNullOrEmpty(rv) && subresource != "scale")
                {
                    throw ApiError.Invalid(type, name, [("FieldValueInvalid", "metadata.resourceVersion", "Invalid value: 0x0: must be specified for an update")]);
                }
            }
            else
            {
                try
                {
                    next = (patchType.Split(';')[0].Trim() switch
                    {
                        "application/json-patch+json" => Patching.Json(view, body as JsonArray ?? throw new PatchTestFailedException()),
                        "application/merge-patch+json" => Patching.Merge(view, body),
                        _ => Patching.Strategic(view, body),
                    }) as JsonObject ?? throw new PatchTestFailedException();
                }
                catch (PatchTestFailedException e)
                {
                    throw new ApiError(422, "Invalid", e.Message, new JsonObject());
                }
            }

            var wantedRv = next["metadata"]?["resourceVersion"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(wantedRv) && wantedRv != current["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                throw ApiError.Conflict(type, name);
            }

            var updated = (JsonObject)current.DeepClone();
            switch (subresource)
            {
                case "scale":
                    var replicas = next["spec"]?["replicas"]?.GetValue<int>() ?? 0;
                    SetPath(updated, type.Scale!.SpecReplicasPath, replicas);
                    break;
                case "status":
                    updated["status"] = next["status"]?.DeepClone();
                    break;
                default:
                    foreach (var (key, value) in next)
                    {
                        if (key is "kind" or "apiVersion" or "metadata" || (key == "status" && type.HasStatus))
                        {
                            continue;
                        }

                        updated[key] = value?.DeepClone();
                    }

                    foreach (var key in updated.Select(kv => kv.Key).ToList())
                    {
                        if (key is not ("kind" or "apiVersion" or "metadata" or "status") && !next.ContainsKey(key))
                        {
                            updated.Remove(key);
                        }
                    }

                    var nextMeta = next["metadata"] as JsonObject ?? [];
                    var meta = (JsonObject)updated["metadata"]!;
                    foreach (var field in new[] { "labels", "annotations", "ownerReferences", "finalizers" })
                    {
                        if (nextMeta[field] is { } v)
                        {
                            meta[field] = v.DeepClone();
                        }
                        else
                        {
                            meta.Remove(field);
                        }
                    }

                    if (type.IsCustom && type.Schema is not null)
                    {
                        var (causes, _) = SchemaValidator.Validate(type.Schema, updated);
                        if (causes.Count > 0)
                        {
                            throw ApiError.Invalid(type, name, causes);
                        }
                    }
                    else
                    {
                        var causes = Defaults.Validate(type, updated);
                        if (causes.Count > 0)
                        {
                            throw ApiError.Invalid(type, name, causes);
                        }
                    }

                    break;
            }

            if (JsonNode.DeepEquals(WithoutMeta(updated), WithoutMeta(current)) && JsonNode.DeepEquals(updated["metadata"], current["metadata"]))
            {
                result = current; // nothing changed: no write, same resourceVersion
            }
            else
            {
                var metadata = (JsonObject)updated["metadata"]!;
                if (subresource != "status" && BuiltInTypes.HasGeneration(type) && !JsonNode.DeepEquals(updated["spec"], current["spec"]))
                {
                    metadata["generation"] = Number(metadata["generation"], 0) + 1;
                }

                var fields = metadata["managedFields"] as JsonArray ?? [];
                var existing = fields.OfType<JsonObject>().FirstOrDefault(f => f["manager"]?.GetValue<string>() == manager && f["subresource"]?.GetValue<string>() == subresource);
                if (existing is null)
                {
                    fields.Add(ManagedField(type, manager, subresource));
                }
                else
                {
                    existing["time"] = Now();
                }

                metadata["managedFields"] = fields;
                result = _store.Commit(type, ns, name, updated, "MODIFIED");
            }
        }

        return subresource == "scale" ? ToScale(type, result) : result;
    }

    private static long Number(JsonNode? node, long fallback) => node is null ? fallback : long.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    private static JsonObject WithoutMeta(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove("metadata");
        return copy;
    }

    private (int Code, JsonObject Body) Delete(ResourceType type, string? ns, string name, string? policy)
    {
        var current = _store.Get(type, ns, name) ?? throw ApiError.NotFound(type, name);
        policy ??= type.Key == "batch/jobs" ? "Orphan" : "Background";
        if (type.Key == "batch/jobs" && policy is "Orphan" or "Foreground")
        {
            var metadata = (JsonObject)current["metadata"]!;
            if (metadata["deletionTimestamp"] is null)
            {
                metadata["deletionTimestamp"] = Now();
                metadata["deletionGracePeriodSeconds"] = 0;
                metadata["finalizers"] = new JsonArray(policy == "Orphan" ? "orphan" : "foregroundDeletion");
                metadata["generation"] = Number(metadata["generation"], 1) + 1;
                current = _store.Commit(type, ns, name, current, "MODIFIED");
                _ = CollectLaterAsync(type, ns, name);
            }

            return (200, current);
        }

        _store.Commit(type, ns, name, current, "DELETED");
        var uid = current["metadata"]!["uid"]!.GetValue<string>();
        var details = ApiError.DetailsFor(type, name);
        details["uid"] = uid;
        CollectDependents(uid, type.Key == "/namespaces" ? name : null);
        if (type.Key == "apiextensions.k8s.io/customresourcedefinitions")
        {
            // The custom type stays registered (objects go with it), as a deleted CRD's objects are removed.
        }

        return (200, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success", ["details"] = details });
    }

    /// <summary>The garbage collector's part: objects owned by a deleted uid (and a deleted namespace's objects) go too.</summary>
    private void CollectDependents(string uid, string? deletedNamespace)
    {
        var dependents = _store.Where(o =>
            (deletedNamespace is not null && o["metadata"]?["namespace"]?.GetValue<string>() == deletedNamespace)
            || (o["metadata"]?["ownerReferences"] as JsonArray ?? []).Any(r => r?["uid"]?.GetValue<string>() == uid));
        foreach (var (type, obj) in dependents)
        {
            var metadata = (JsonObject)obj["metadata"]!;
            var ns = metadata["namespace"]?.GetValue<string>();
            var name = metadata["name"]!.GetValue<string>();
            try
            {
                _store.Commit(type, ns, name, obj, "DELETED", current => _ = current ?? throw ApiError.NotFound(type, name));
                CollectDependents(metadata["uid"]!.GetValue<string>(), null);
            }
            catch (ApiError)
            {
            }
        }
    }

    private async Task CollectLaterAsync(ResourceType type, string? ns, string name)
    {
        await Task.Delay(_options.GarbageCollectionDelay, _time).ConfigureAwait(false);
        var obj = _store.Get(type, ns, name);
        if (obj is not null)
        {
            try
            {
                _store.Commit(type, ns, name, obj, "DELETED", current => _ = current ?? throw ApiError.NotFound(type, name));
                CollectDependents(obj["metadata"]!["uid"]!.GetValue<string>(), null);
            }
            catch (ApiError)
            {
            }
        }
    }

    // ---------------------------------------------------------------- custom resources, scale

    private void RegisterCrd(JsonObject crd)
    {
        var spec = crd["spec"]!;
        var group = spec["group"]!.GetValue<string>();
        var names = spec["names"]!;
        var namespaced = spec["scope"]?.GetValue<string>() != "Cluster";
        foreach (var version in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var subresources = version["subresources"] as JsonObject;
            ScaleSubresource? scale = null;
            if (subresources?["scale"] is JsonObject s)
            {
                scale = new ScaleSubresource(s["specReplicasPath"]!.GetValue<string>(), s["statusReplicasPath"]!.GetValue<string>(), s["labelSelectorPath"]?.GetValue<string>());
            }

            _store.Register(new ResourceType(group, version["name"]!.GetValue<string>(), names["plural"]!.GetValue<string>(), names["kind"]!.GetValue<string>(),
                namespaced, true, subresources?["status"] is not null, scale)
            {
                Schema = version["schema"]?["openAPIV3Schema"] as JsonObject,
                Singular = names["singular"]?.GetValue<string>() ?? "",
            });
        }

        var established = (JsonObject)crd.DeepClone();
        var now = Now();
        established["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["lastTransitionTime"] = now, ["reason"] = "NoConflicts", ["message"] = "no conflicts found" },
                new JsonObject { ["type"] = "Established", ["status"] = "True", ["lastTransitionTime"] = now, ["reason"] = "InitialNamesAccepted", ["message"] = "the initial names have been accepted" }),
            ["acceptedNames"] = names.DeepClone(),
            ["storedVersions"] = crd["status"]?["storedVersions"]?.DeepClone(),
        };
        var crdType = _store.Find("apiextensions.k8s.io", "v1", "customresourcedefinitions")!;
        _store.Commit(crdType, null, crd["metadata"]!["name"]!.GetValue<string>(), established, "MODIFIED");
    }

    private static JsonObject ToScale(ResourceType type, JsonObject obj)
    {
        var metadata = obj["metadata"]!;
        var scale = type.Scale!;
        var spec = new JsonObject();
        var replicas = GetPath(obj, scale.SpecReplicasPath)?.GetValue<int>() ?? 0;
        if (replicas != 0)
        {
            spec["replicas"] = replicas;
        }

        string selector;
        if (scale.LabelSelectorPath is { } selectorPath)
        {
            selector = GetPath(obj, selectorPath)?.GetValue<string>() ?? "";
        }
        else
        {
            var labels = obj["spec"]?["selector"]?["matchLabels"] as JsonObject ?? [];
            selector = string.Join(",", labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
        }

        var status = new JsonObject { ["replicas"] = GetPath(obj, scale.StatusReplicasPath)?.GetValue<int>() ?? 0 };
        if (selector.Length > 0)
        {
            status["selector"] = selector;
        }

        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = metadata["name"]!.DeepClone(),
                ["namespace"] = metadata["namespace"]?.DeepClone(),
                ["uid"] = metadata["uid"]!.DeepClone(),
                ["resourceVersion"] = metadata["resourceVersion"]!.DeepClone(),
                ["creationTimestamp"] = metadata["creationTimestamp"]!.DeepClone(),
            },
            ["spec"] = spec,
            ["status"] = status,
        };
    }

    private static JsonNode? GetPath(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.TrimStart('.').Split('.'))
        {
            node = node?[part];
        }

        return node;
    }

    private static void SetPath(JsonObject obj, string path, int value)
    {
        var parts = path.TrimStart('.').Split('.');
        var node = obj;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child)
            {
                child = [];
                node[part] = child;
            }

            node = child;
        }

        node[parts[^1]] = value;
    }

    // ---------------------------------------------------------------- discovery and output

    private JsonObject Discovery(string group, string version)
    {
        var types = _store.TypesOf(group, version);
        if (types.Count == 0)
        {
            throw new ApiError(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        }

        var resources = new JsonArray();
        foreach (var type in types.OrderBy(t => t.Plural, StringComparer.Ordinal))
        {
            resources.Add(new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = new JsonArray("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"),
            });
            if (type.HasStatus)
            {
                resources.Add(new JsonObject { ["name"] = type.Plural + "/status", ["singularName"] = "", ["namespaced"] = type.Namespaced, ["kind"] = type.Kind, ["verbs"] = new JsonArray("get", "patch", "update") });
            }

            if (type.Scale is not null)
            {
                resources.Add(new JsonObject { ["name"] = type.Plural + "/scale", ["singularName"] = "", ["namespaced"] = type.Namespaced, ["group"] = "autoscaling", ["version"] = "v1", ["kind"] = "Scale", ["verbs"] = new JsonArray("get", "patch", "update") });
            }
        }

        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}", ["resources"] = resources };
    }

    private static JsonObject VersionInfo() => new()
    {
        ["major"] = "1",
        ["minor"] = "28",
        ["gitVersion"] = "v1.28.7",
        ["gitCommit"] = "c8dcb00be9961ec36d141d2e4103f85f92bcf291",
        ["gitTreeState"] = "archive",
        ["buildDate"] = "2026-11-26T01:17:19Z",
        ["goVersion"] = "go1.21.13",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    private void SetHeaders(HttpResponse response, int code, bool authenticated)
    {
        response.StatusCode = code;
        response.ContentType = "application/json";
        response.Headers["Audit-Id"] = Guid.NewGuid().ToString();
        response.Headers.CacheControl = "no-cache, private";
        if (authenticated)
        {
            response.Headers["X-Kubernetes-Pf-Flowschema-Uid"] = _flowSchemaUid;
            response.Headers["X-Kubernetes-Pf-Prioritylevel-Uid"] = _priorityLevelUid;
        }

        if (code == 403)
        {
            response.Headers.XContentTypeOptions = "nosniff";
        }
    }

    private async Task WriteAsync(HttpContext context, int code, JsonObject body, bool custom, bool authenticated = true)
    {
        var pretty = (string?)context.Request.Query["pretty"] == "true"
            || ((string?)context.Request.Headers.UserAgent ?? "") is var ua && (ua.StartsWith("curl", StringComparison.Ordinal) || ua.StartsWith("Wget", StringComparison.Ordinal) || ua.StartsWith("Mozilla/5.0", StringComparison.Ordinal));
        var node = custom ? Sorted(body) : body;
        var text = (pretty ? node.ToJsonString(Indented) : node.ToJsonString()) + "\n";
        await WriteRawAsync(context, code, text, authenticated).ConfigureAwait(false);
    }

    private async Task WriteRawAsync(HttpContext context, int code, string text, bool authenticated = true)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        SetHeaders(context.Response, code, authenticated);
        if (bytes.Length <= _options.ContentLengthLimit)
        {
            context.Response.ContentLength = bytes.Length;
        }

        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteLineAsync(HttpResponse response, JsonObject line, bool custom, CancellationToken cancellationToken)
    {
        if (custom && line["object"] is JsonObject obj)
        {
            line["object"] = Sorted(obj);
        }

        var bytes = Encoding.UTF8.GetBytes(line.ToJsonString() + "\n");
        await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Custom resources come out with their keys in alphabetical order (wire fact 3).</summary>
    private static JsonObject Sorted(JsonObject obj) => (JsonObject)SortNode(obj)!;

    private static JsonNode? SortNode(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, SortNode(kv.Value)))),
        JsonArray a => new JsonArray([.. a.Select(SortNode)]),
        _ => node?.DeepClone(),
    };

    private static string Base64UrlEncode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
