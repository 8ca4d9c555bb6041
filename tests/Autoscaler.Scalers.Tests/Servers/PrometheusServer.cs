using System.Globalization;
using Autoscaler.Testing;

namespace Autoscaler.Scalers.Tests.Servers;

/// <summary>Debian's prometheus on a free port of 127.0.0.1, scraping the given targets every second; stopped by pid on dispose.</summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly string _dir;
    private ManagedProcess? _process;

    private PrometheusServer(string dir, int port)
    {
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string Address => $"http://127.0.0.1:{Port}";

    public static async Task<PrometheusServer> StartAsync(params string[] targets)
    {
        var binary = RequiredTool.Find("prometheus", "/usr/bin/prometheus");
        var dir = Directory.CreateTempSubdirectory("autoscaler-prometheus-").FullName;
        var config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: app
                static_configs:
                  - targets: [{string.Join(", ", targets.Select(t => $"'{t}'"))}]
            """);
        var server = new PrometheusServer(dir, FreePort.Next());
        server._process = ManagedProcess.Start(binary,
        [
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(dir, "data"),
            "--web.listen-address=127.0.0.1:" + server.Port.ToString(CultureInfo.InvariantCulture),
        ]);
        await server._process.WaitForPortAsync(server.Port);
        return server;
    }

    /// <summary>Kills the server now, as a crash would.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            await process.DisposeAsync();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
