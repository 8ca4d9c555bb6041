using System.Collections.Concurrent;

namespace Autoscaler.Kubernetes.Tests;

/// <summary>Sees every request a client sends; may run an action before one goes out.</summary>
public sealed class RecordingHandler : DelegatingHandler
{
    public ConcurrentQueue<(string Method, string Path)> Requests { get; } = new();

    /// <summary>The bodies of DELETE requests (DeleteOptions), in order.</summary>
    public ConcurrentQueue<string> DeleteBodies { get; } = new();

    /// <summary>Runs before a request is sent; the request goes out after it returns.</summary>
    public Func<HttpRequestMessage, Task>? Before { get; set; }

    /// <summary>When set, every request fails as if the network were down.</summary>
    public bool Partitioned { get; set; }

    public int Count(string method, string pathEnd) => Requests.Count(r => r.Method == method && r.Path.EndsWith(pathEnd, StringComparison.Ordinal));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Partitioned)
        {
            throw new HttpRequestException("network partition (test)");
        }

        Requests.Enqueue((request.Method.Method, request.RequestUri!.AbsolutePath));
        if (request.Method == HttpMethod.Delete && request.Content is not null)
        {
            DeleteBodies.Enqueue(await request.Content.ReadAsStringAsync(cancellationToken));
        }
        if (Before is { } before)
        {
            await before(request);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
