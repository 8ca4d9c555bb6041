using System.Buffers;
using Autoscaler.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Autoscaler.Webhooks;

/// <summary>
/// <c>POST|OPTIONS /api/events/{scaledobjects|scaledjobs}/{namespace}/{name}/{trigger}</c>: route, rate limit, size limit,
/// authentication, parse (by the trigger's handler), journal, count, wake, answer. 200 only once the events are durable.
/// </summary>
internal sealed class WebhookEndpoint
{
    public const string Route = "/api/events/{kind}/{namespace}/{name}/{trigger}";

    /// <summary>Completes pending events of a <c>metric: pending</c> trigger.</summary>
    public const string AckRoute = Route + "/ack";

    private readonly EventHub _hub;
    private readonly ILogger<WebhookEndpoint> _logger;

    public WebhookEndpoint(EventHub hub, ILogger<WebhookEndpoint> logger)
    {
        _hub = hub;
        _logger = logger;
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods(Route, ["POST", "OPTIONS"], (HttpContext context) => context.RequestServices.GetRequiredService<WebhookEndpoint>().InvokeAsync(context));
        app.MapPost(AckRoute, (HttpContext context) => context.RequestServices.GetRequiredService<WebhookEndpoint>().AckAsync(context));
    }

    /// <summary>
    /// <c>POST .../{trigger}/ack</c> with <c>{"ids": ["..."]}</c> (event ids as the trigger forms them) or
    /// <c>{"count": N}</c> (the N oldest): those events stop counting as pending. Authenticated like the trigger's
    /// deliveries (HMAC signature or bearer token; none when the trigger is public). 200 once the completion is durable.
    /// </summary>
    public async Task AckAsync(HttpContext context)
    {
        var key = RouteKey(context);
        if (!_hub.TryGetScaler(key, out var scaler))
        {
            await RefuseAsync(context, key + "/ack", StatusCodes.Status404NotFound, "no push trigger is served at this address (the path is /api/events/{scaledobjects|scaledjobs}/{namespace}/{name}/{trigger name or index}/ack)").ConfigureAwait(false);
            return;
        }

        var options = scaler.Options;
        if (!options.Public && string.IsNullOrEmpty(options.HmacSecret) && string.IsNullOrEmpty(options.BearerToken))
        {
            await RefuseAsync(context, key + "/ack", StatusCodes.Status403Forbidden, "acks need the trigger's hmacSecret or bearerToken (from its TriggerAuthentication), and this trigger has neither").ConfigureAwait(false);
            return;
        }

        if (options.JobPerEvent || options.Metric != EventMetric.Pending)
        {
            await RefuseAsync(context, key + "/ack", StatusCodes.Status409Conflict, "acks apply to triggers with metric: pending (this trigger counts " + (options.JobPerEvent ? "events waiting for their Job, which complete when the Job is created)" : "a rate)")).ConfigureAwait(false);
            return;
        }

        if (await ReadRequestAsync(context, key + "/ack", options).ConfigureAwait(false) is not { } request ||
            await RefusedCredentialsAsync(context, key + "/ack", options, request).ConfigureAwait(false))
        {
            return;
        }

        if (AckRequest.Parse(request.Body.Span) is not { } ack)
        {
            await RefuseAsync(context, key + "/ack", StatusCodes.Status400BadRequest, AckRequest.Expected).ConfigureAwait(false);
            return;
        }

        int completed;
        try
        {
            completed = await scaler.CompletePendingAsync(ack.Ids, ack.Count).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            context.Response.Headers.RetryAfter = "5";
            await RefuseAsync(context, key + "/ack", StatusCodes.Status503ServiceUnavailable, "the completion could not be recorded durably; retry").ConfigureAwait(false);
            return;
        }

        var asked = ack.Ids?.Count ?? ack.Count;
        var pending = (long)scaler.State.Read(_hub.NowMs);
        Log.Acked(_logger, key, completed, asked - completed);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            $"{{\"completed\":{completed},\"notPending\":{asked - completed},\"pending\":{pending}}}",
            context.RequestAborted).ConfigureAwait(false);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var key = RouteKey(context);
        if (!_hub.TryGetWebhook(key, out var scaler) || scaler.Webhook is not { } handler)
        {
            await RefuseAsync(context, key, StatusCodes.Status404NotFound, "no push trigger is served at this address (the path is /api/events/{scaledobjects|scaledjobs}/{namespace}/{name}/{trigger name or index})").ConfigureAwait(false);
            return;
        }

        var options = scaler.Options;
        if (!scaler.State.TryAcquire(_hub.NowMs))
        {
            context.Response.Headers.RetryAfter = "1";
            await RefuseAsync(context, key, StatusCodes.Status429TooManyRequests, $"rate limit of {options.RateLimit} deliveries/s exceeded").ConfigureAwait(false);
            return;
        }

        if (await ReadRequestAsync(context, key, options).ConfigureAwait(false) is not { } request ||
            (!handler.VerifiesSender && !handler.IsHandshake(request) && await RefusedCredentialsAsync(context, key, options, request).ConfigureAwait(false)))
        {
            return;
        }

        var result = await handler.HandleAsync(request, context.RequestAborted).ConfigureAwait(false);
        if (result.StatusCode is { } status)
        {
            foreach (var (name, value) in result.Headers)
            {
                context.Response.Headers[name] = value;
            }

            if (status >= 400)
            {
                await RefuseAsync(context, key, status, result.Body ?? "").ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = status;
            if (result.Body is { } text)
            {
                context.Response.ContentType = text.StartsWith('{') ? "application/json" : "text/plain; charset=utf-8";
                await context.Response.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
            }

            return;
        }

        PublishResult published;
        try
        {
            published = await scaler.PublishAsync(result.Events, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            context.Response.Headers.RetryAfter = "5";
            await RefuseAsync(context, key, StatusCodes.Status503ServiceUnavailable, "the events could not be recorded durably; retry").ConfigureAwait(false);
            return;
        }

        if (published.QueueFull)
        {
            context.Response.Headers.RetryAfter = "5";
            await RefuseAsync(context, key, StatusCodes.Status429TooManyRequests, $"the trigger's queue is full ({options.MaxQueuedEvents} events); retry later").ConfigureAwait(false);
            return;
        }

        Log.Accepted(_logger, key, published.Accepted, published.Duplicates, result.Filtered);
        await WriteAcceptedAsync(context.Response, published.Accepted, published.Duplicates, result.Filtered).ConfigureAwait(false);
    }

    /// <summary>The 200 answer, formatted without a string and sent with its Content-Length (no chunked encoding).</summary>
    private static ValueTask<System.IO.Pipelines.FlushResult> WriteAcceptedAsync(HttpResponse response, int accepted, int duplicates, int filtered)
    {
        Span<byte> body = stackalloc byte[128];
        if (!System.Text.Unicode.Utf8.TryWrite(body, $"{{\"accepted\":{accepted},\"duplicates\":{duplicates},\"filtered\":{filtered}}}", out var length))
        {
            throw new InvalidOperationException("the answer does not fit its buffer");
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = length;
        response.BodyWriter.Write(body[..length]);
        return response.BodyWriter.FlushAsync();
    }

    private static string RouteKey(HttpContext context)
    {
        var values = context.Request.RouteValues;
        return $"{values["kind"]}/{values["namespace"]}/{values["name"]}/{values["trigger"]}";
    }

    /// <summary>The request with its body, or null after answering 413 when the body is larger than the trigger allows.</summary>
    private async Task<WebhookRequest?> ReadRequestAsync(HttpContext context, string key, PushTriggerOptions options)
    {
        var body = context.Request.ContentLength > options.MaxBodySize
            ? null
            : await ReadBodyAsync(context.Request, options.MaxBodySize, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await RefuseAsync(context, key, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {options.MaxBodySize} bytes").ConfigureAwait(false);
            return null;
        }

        return new WebhookRequest
        {
            Method = context.Request.Method,
            ContentType = context.Request.ContentType ?? "",
            Headers = new HeaderView(context.Request.Headers),
            Body = body.Value,
        };
    }

    /// <summary>True after answering 401/403 when the request lacks the trigger's credentials (HMAC signature or bearer token).</summary>
    private async Task<bool> RefusedCredentialsAsync(HttpContext context, string key, PushTriggerOptions options, WebhookRequest request)
    {
        if (WebhookAuthenticator.Check(options, request, _hub.Time.GetUtcNow()) is not { } failure)
        {
            return false;
        }

        if (failure.Status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        await RefuseAsync(context, key, failure.Status, failure.Reason).ConfigureAwait(false);
        return true;
    }

    private async Task RefuseAsync(HttpContext context, string key, int status, string reason)
    {
        Log.Refused(_logger, key, status, reason);
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new WebhookError(status, reason), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (read.Buffer.Length > limit)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                return null;
            }

            if (read.IsCompleted)
            {
                var bytes = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private sealed record WebhookError(int Status, string Error);
}
