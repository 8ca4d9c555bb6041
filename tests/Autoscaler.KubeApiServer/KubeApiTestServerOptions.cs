namespace Autoscaler.KubeApiServer;

/// <summary>Settings of the <see cref="KubeApiTestServer"/>.</summary>
public sealed class KubeApiTestServerOptions
{
    /// <summary>The bearer token with full rights. The default is a random value.</summary>
    public string AdminToken { get; set; } = "admin-" + Guid.NewGuid().ToString("N");

    /// <summary>The bearer token of <c>limited-user</c>, who may do nothing (403). The default is a random value.</summary>
    public string LimitedToken { get; set; } = "limited-" + Guid.NewGuid().ToString("N");

    /// <summary>How many write events the watch history keeps (older resourceVersions get 410 Expired). The default is 1,000.</summary>
    public int WatchHistoryLimit { get; set; } = 1000;

    /// <summary>How long a watch without <c>timeoutSeconds</c> stays open. The default is 30 minutes.</summary>
    public TimeSpan DefaultWatchTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long after an Orphan/Foreground delete the simulated garbage collector removes a Job. The default is 200 ms.</summary>
    public TimeSpan GarbageCollectionDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Bodies up to this many bytes carry Content-Length, larger ones are chunked. The default is 2,048 bytes.</summary>
    public int ContentLengthLimit { get; set; } = 2048;
}
