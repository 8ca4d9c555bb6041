using System.Text.Json.Serialization;
using Autoscaler.Kubernetes;
using Autoscaler.Runtime;
using Autoscaler.Runtime.Embedded;
using Autoscaler.Service.Api;
using Autoscaler.Webhooks;

namespace Autoscaler.Service.Hosting;

/// <summary>Composition of the service: options, runtime, actuator, scalers, API.</summary>
public static class AutoscalerHostingExtensions
{
    /// <summary>Command-line shortcuts: <c>--config DIR</c> is <c>Autoscaler:ConfigPath</c>.</summary>
    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--config"] = "Autoscaler:ConfigPath",
    };

    /// <summary>Adds options, the runtime, the embedded cluster, every scaler, JSON and health checks.</summary>
    public static WebApplicationBuilder AddAutoscaler(this WebApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddCommandLine(args, SwitchMappings);
        // A default below every other source (appsettings, environment, command line override it): ASP.NET Core's
        // per-request log scope, and the Activity made for it, are a fifth of what a webhook delivery allocates
        // (docs/push-triggers.md, "Performance defaults"); its request logs are Information, below the default level.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = [new("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "None")],
        });
        // One line per event by default; set Logging:Console:FormatterName=json for structured JSON logs.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.SimpleConsoleFormatterOptions>(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        var services = builder.Services;
        services.AddOptions<AutoscalerOptions>()
            .Bind(builder.Configuration.GetSection(AutoscalerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<SimulatedClusterOptions>()
            .Bind(builder.Configuration.GetSection(SimulatedClusterOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddOptions<Autoscaler.Runtime.Placement.NodeProfileOptions>().Bind(builder.Configuration.GetSection(Autoscaler.Runtime.Placement.NodeProfileOptions.Section)).ValidateOnStart();

        services.AddAutoscalerRuntime();
        services.AddKubernetesMode(builder.Configuration);
        services.AddEmbeddedCluster();
        services.AddScalers();
        services.AddPushEvents(builder.Configuration);

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddProblemDetails();
        services.AddHealthChecks().AddCheck<ReadinessCheck>("configuration", tags: ["ready"]);
        return builder;
    }

    /// <summary>Maps health, metrics, the REST API and the demo API.</summary>
    public static WebApplication MapAutoscaler(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new() { Predicate = c => c.Tags.Contains("ready") });
        app.MapMetricsEndpoint();
        app.MapStatusApi();
        app.MapDemoApi();
        app.MapDashboard();
        app.MapPushEvents();
        return app;
    }
}
