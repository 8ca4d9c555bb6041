using System.Net.Http.Json;
using System.Text.Json;
using Autoscaler.Service.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Autoscaler.Testing;

/// <summary>
/// The real service, composed exactly as Program.cs composes it, listening on 127.0.0.1 on a free port, with a
/// temporary config folder. Tests may replace services (for example the clock) before it starts.
/// </summary>
public sealed class TestService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestService(WebApplication app, string configPath, HttpClient client)
    {
        _app = app;
        ConfigPath = configPath;
        Client = client;
    }

    /// <summary>The config folder the service watches.</summary>
    public string ConfigPath { get; }

    /// <summary>A client for the service's base address.</summary>
    public HttpClient Client { get; }

    /// <summary>The service's container.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>JSON as the API writes it.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Starts the service on a fresh config folder holding <paramref name="files"/> (name → YAML).</summary>
    public static async Task<TestService> StartAsync(
        IReadOnlyDictionary<string, string> files,
        Action<IServiceCollection>? configureServices = null,
        IEnumerable<string>? extraArgs = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var config = Directory.CreateTempSubdirectory("autoscaler-test-").FullName;
        foreach (var (name, text) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(config, name), text);
        }

        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--config", config,
            "--Autoscaler:ReloadInterval", "00:00:00.200",
            "--Logging:LogLevel:Default", "Warning",
            .. extraArgs ?? [],
        ];
        var builder = WebApplication.CreateBuilder(args);
        builder.AddAutoscaler(args);
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapAutoscaler();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        return new TestService(app, config, client);
    }

    /// <summary>GETs <paramref name="path"/> as JSON.</summary>
    public async Task<JsonElement> GetJsonAsync(string path) =>
        await Client.GetFromJsonAsync<JsonElement>(path, Json);

    /// <summary>Writes (or replaces) a file in the config folder.</summary>
    public Task WriteConfigAsync(string name, string text) => File.WriteAllTextAsync(Path.Combine(ConfigPath, name), text);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(ConfigPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
