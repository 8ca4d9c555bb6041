using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Autoscaler.Scalers.Tests.Servers;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel) for tests: serves <c>/metrics</c> in the Prometheus text format and
/// <c>/json</c> with a settable body, and remembers the headers of the last request.
/// </summary>
internal sealed class HttpTarget : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpTarget(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public string HostPort => $"{Address.Host}:{Address.Port}";

    /// <summary>The value of the gauge <c>queue_depth{queue="a"}</c> and <c>queue_depth{queue="b"}</c>.</summary>
    public double DepthA { get; set; }

    public double DepthB { get; set; }

    public string JsonBody { get; set; } = "{}";

    public int JsonStatus { get; set; } = 200;

    public Dictionary<string, string>? LastHeaders { get; private set; }

    /// <summary>How long <c>/json</c> waits before answering (to test timeouts).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>When set, <c>/json</c> answers 401 unless the request carries this bearer token.</summary>
    public string? RequiredBearer { get; set; }

    public string? LastQuery { get; private set; }

    public static async Task<HttpTarget> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        HttpTarget? target = null;
        app.MapGet("/metrics", () => Results.Text(
            $"# TYPE queue_depth gauge\nqueue_depth{{queue=\"a\"}} {target!.DepthA.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n" +
            $"queue_depth{{queue=\"b\"}} {target.DepthB.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n",
            "text/plain; version=0.0.4"));
        async Task<IResult> Json(HttpContext context)
        {
            target!.LastHeaders = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            target.LastQuery = context.Request.QueryString.Value;
            if (target.Delay > TimeSpan.Zero)
            {
                await Task.Delay(target.Delay, context.RequestAborted);
            }

            if (target.RequiredBearer is { } bearer && context.Request.Headers.Authorization != "Bearer " + bearer)
            {
                return Results.Text("{\"error\":\"unauthorized\"}", "application/json", statusCode: 401);
            }

            return Results.Text(target.JsonBody, "application/json", statusCode: target.JsonStatus);
        }

        app.MapGet("/json", (Delegate)Json);
        app.MapGet("/api/v1/query", (Delegate)Json);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        target = new HttpTarget(app, address);
        return target;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
