using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Autoscaler.KubeApiServer;

/// <summary>
/// An in-process Kubernetes API server for tests: Kestrel on 127.0.0.1 (HTTP, bearer-token auth) answering with
/// the wire format recorded from kube-apiserver v1.28.7 (shared/kube). Built-in kinds: Namespaces, Secrets,
/// ConfigMaps, Events, Deployments and StatefulSets (with /scale), Jobs, Leases, CustomResourceDefinitions; any CRD
/// posted to it is served with its schema, status and scale subresources. No controllers run: nothing fills in a
/// Deployment's status; a Job deleted with Orphan or Foreground is removed by a simulated garbage collector.
/// </summary>
public sealed class KubeApiTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ApiStore _store;
    private readonly RequestHandler _handler;

    private KubeApiTestServer(WebApplication app, ApiStore store, RequestHandler handler, KubeApiTestServerOptions options, Uri baseAddress)
    {
        _app = app;
        _store = store;
        _handler = handler;
        Options = options;
        BaseAddress = baseAddress;
    }

    /// <summary>Raised for every request as it arrives: method, path, Content-Type. Runs on the request's thread.</summary>
    public event Action<string, string, string?>? RequestReceived
    {
        add => _handler.RequestReceived += value;
        remove => _handler.RequestReceived -= value;
    }

    /// <summary>The settings.</summary>
    public KubeApiTestServerOptions Options { get; }

    /// <summary>The server's address, <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The current resourceVersion (one counter for all kinds).</summary>
    public long ResourceVersion => _store.ResourceVersion;

    /// <summary>Starts a server on a free port of 127.0.0.1.</summary>
    public static async Task<KubeApiTestServer> StartAsync(KubeApiTestServerOptions? options = null, TimeProvider? time = null)
    {
        options ??= new KubeApiTestServerOptions();
        time ??= TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var store = new ApiStore(options.WatchHistoryLimit);
        foreach (var type in BuiltInTypes.All)
        {
            store.Register(type);
        }

        var handler = new RequestHandler(store, options, time);
        app.Run(handler.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KubeApiTestServer(app, store, handler, options, new Uri(address));
    }

    /// <summary>Writes a kubeconfig for the admin token (and <paramref name="defaultNamespace"/>) and returns its path.</summary>
    public string WriteKubeconfig(string directory, string defaultNamespace = "default")
    {
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {BaseAddress.ToString().TrimEnd('/')}
            users:
            - name: admin
              user:
                token: {Options.AdminToken}
            contexts:
            - name: test
              context:
                cluster: test
                user: admin
                namespace: {defaultNamespace}
            current-context: test
            """);
        return path;
    }

    /// <summary>Forgets the watch history, like an etcd compaction: watches from an older resourceVersion get 410 Expired.</summary>
    public void Compact() => _store.Compact();

    /// <summary>Compacts past the current resourceVersion and ends every open watch in one step: every resumed watch gets 410.</summary>
    public void ExpireWatches() => _store.ExpireWatches();

    /// <summary>Ends every open watch stream (as an API server restart does); clients must watch again.</summary>
    public void DropWatches() => _store.DropWatches();

    /// <summary>Reads an object directly (tests that inspect the server); null when it does not exist.</summary>
    public JsonObject? Peek(string group, string version, string plural, string? ns, string name) =>
        _store.Find(group, version, plural) is { } type ? _store.Get(type, ns, name) : null;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _store.DropWatches();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
