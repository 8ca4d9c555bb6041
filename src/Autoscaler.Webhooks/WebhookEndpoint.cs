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

    private readonly EventHub _hub;
    private readonly ILogger<WebhookEndpoint> _logger;

    public WebhookEndpoint(EventHub hub, ILogger<WebhookEndpoint> logger)
    {
        _hub = hub;
        _logger = logger;
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapMethods(Route, ["POST", "OPTIONS"], (HttpContext context) => context.RequestServices.GetRequiredService<WebhookEndpoint>().InvokeAsync(context));

    public async Task InvokeAsync(HttpContext context)
    {
        var values = context.Request.RouteValues;
        var key = $"{values["kind"]}/{values["namespace"]}/{values["name"]}/{values["trigger"]}";
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

        if (context.Request.ContentLength > options.MaxBodySize)
        {
            await RefuseAsync(context, key, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {options.MaxBodySize} bytes").ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyAsync(context.Request, options.MaxBodySize, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await RefuseAsync(context, key, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {options.MaxBodySize} bytes").ConfigureAwait(false);
            return;
        }

        var request = new WebhookRequest
        {
            Method = context.Request.Method,
            ContentType = context.Request.ContentType ?? "",
            Headers = new HeaderView(context.Request.Headers),
            Body = body.Value,
        };

        if (!handler.VerifiesSender && !handler.IsHandshake(request) && WebhookAuthenticator.Check(options, request, _hub.Time.GetUtcNow()) is { } failure)
        {
            if (failure.Status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }

            await RefuseAsync(context, key, failure.Status, failure.Reason).ConfigureAwait(false);
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
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            $"{{\"accepted\":{published.Accepted},\"duplicates\":{published.Duplicates},\"filtered\":{result.Filtered}}}",
            context.RequestAborted).ConfigureAwait(false);
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
