using Autoscaler.Scalers.Demo;

namespace Autoscaler.Service.Api;

/// <summary>Sets the values of manual demo sources: <c>PUT /api/demo/sources/{name}</c> with <c>{"value": 42}</c>.</summary>
internal static class DemoApi
{
    public static void MapDemoApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/demo/sources", (DemoSignals signals) => signals.Values);
        app.MapPut("/api/demo/sources/{name}", (string name, DemoValue? body, DemoSignals signals) =>
        {
            if (body?.Value is not { } value || !double.IsFinite(value) || value < 0)
            {
                return Results.Problem("the body must be {\"value\": <a number, at least 0>}", statusCode: StatusCodes.Status400BadRequest, title: "Bad Request");
            }

            signals.Set(name, value);
            return Results.Ok(new { source = name, value });
        });
    }

    internal sealed record DemoValue(double? Value);
}
