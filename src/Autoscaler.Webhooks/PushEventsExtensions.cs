using Autoscaler.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Autoscaler.Webhooks;

/// <summary>Composition of push triggers' receiving side.</summary>
public static class PushEventsExtensions
{
    /// <summary>Adds the event hub (<see cref="IEventHub"/>) with its options from <c>Autoscaler:Events</c>, and the webhook endpoint.</summary>
    public static IServiceCollection AddPushEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PushEventsOptions>()
            .Bind(configuration.GetSection(PushEventsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EventHub>();
        services.TryAddSingleton<IEventHub>(sp => sp.GetRequiredService<EventHub>());
        services.TryAddSingleton<WebhookEndpoint>();
        return services;
    }

    /// <summary>Maps <c>POST|OPTIONS /api/events/{scaledobjects|scaledjobs}/{namespace}/{name}/{trigger}</c>.</summary>
    public static IEndpointRouteBuilder MapPushEvents(this IEndpointRouteBuilder app)
    {
        WebhookEndpoint.Map(app);
        return app;
    }
}
