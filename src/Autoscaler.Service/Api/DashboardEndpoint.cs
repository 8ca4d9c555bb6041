namespace Autoscaler.Service.Api;

/// <summary><c>GET /</c>: a one-page dashboard over the REST API (embedded in the assembly, no build step).</summary>
internal static class DashboardEndpoint
{
    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(DashboardEndpoint).Assembly.GetManifestResourceStream("Autoscaler.Service.Dashboard.index.html")
            ?? throw new InvalidOperationException("the dashboard page is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static void MapDashboard(this IEndpointRouteBuilder app) =>
        app.MapGet("/", () => Results.Content(Page.Value, "text/html; charset=utf-8"));
}
