using Autoscaler.Runtime.Metrics;

namespace Autoscaler.Service.Api;

/// <summary><c>GET /metrics</c>: the Prometheus text format.</summary>
internal static class MetricsEndpoint
{
    public static void MapMetricsEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", async (AutoscalerMetrics metrics, HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        });
}
