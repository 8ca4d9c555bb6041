using System.Globalization;
using Autoscaler.Testing;

namespace Autoscaler.Push.Tests;

/// <summary>A real mosquitto broker on a free 127.0.0.1 port with one user, stopped (by pid) on dispose.</summary>
internal sealed class Mosquitto : IAsyncDisposable
{
    private readonly string _dir;
    private ManagedProcess _process;

    private Mosquitto(string dir, int port, ManagedProcess process)
    {
        _dir = dir;
        Port = port;
        _process = process;
    }

    public int Port { get; }

    public static async Task<Mosquitto> StartAsync(string user, string password)
    {
        var dir = Directory.CreateTempSubdirectory("mosquitto-").FullName;
        var passwd = RequiredTool.Find("mosquitto_passwd", "/usr/bin/mosquitto_passwd");
        var passwords = Path.Combine(dir, "passwords");
        await using (var make = ManagedProcess.Start(passwd, ["-b", "-c", passwords, user, password]))
        {
            await Eventually.WaitAsync(() => make.HasExited, "mosquitto_passwd");
        }

        var port = FreePort.Next();
        await File.WriteAllTextAsync(Path.Combine(dir, "mosquitto.conf"), string.Create(CultureInfo.InvariantCulture, $"""
            listener {port} 127.0.0.1
            allow_anonymous false
            password_file {passwords}
            persistence false
            user root
            """) + "\n");
        // Run as root, mosquitto would drop to its own user, which cannot read a private temp folder; "user root" keeps it.
        var mosquitto = new Mosquitto(dir, port, null!);
        await mosquitto.RestartAsync();
        return mosquitto;
    }

    /// <summary>Kills the broker (as a crash would).</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>Starts the broker (again) on the same port.</summary>
    public async Task RestartAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        var binary = RequiredTool.Find("mosquitto", "/usr/sbin/mosquitto");
        _process = ManagedProcess.Start(binary, ["-c", Path.Combine(_dir, "mosquitto.conf")]);
        await _process.WaitForPortAsync(Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
