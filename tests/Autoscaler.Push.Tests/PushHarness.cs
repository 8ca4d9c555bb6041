using System.Net.Http.Headers;
using System.Text;
using Autoscaler.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Autoscaler.Push.Tests;

/// <summary>Starts the real service with a temporary journal and secrets folder, and posts to its webhooks.</summary>
internal static class PushHarness
{
    public const string Namespace = "push";

    /// <summary>The service with <paramref name="yaml"/> as its config, its own journal and secrets (name → value, in Namespace).</summary>
    public static async Task<(TestService Service, string Journal)> StartAsync(
        string yaml,
        IReadOnlyDictionary<string, string>? secrets = null,
        Action<IServiceCollection>? configureServices = null,
        IEnumerable<string>? extraArgs = null)
    {
        var dir = Directory.CreateTempSubdirectory("autoscaler-push-").FullName;
        var journal = Path.Combine(dir, "events.journal");
        var secretsPath = Path.Combine(dir, "secrets");
        foreach (var (name, value) in secrets ?? new Dictionary<string, string>())
        {
            var folder = Path.Combine(secretsPath, Namespace, "webhook");
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, name), value);
        }

        var service = await TestService.StartAsync(
            new Dictionary<string, string> { ["push.yaml"] = yaml },
            configureServices,
            ["--Autoscaler:Events:JournalPath", journal, "--Autoscaler:SecretsPath", secretsPath, "--Autoscaler:Events:Fsync", "false", .. extraArgs ?? []]);
        return (service, journal);
    }

    /// <summary>
    /// The service with <paramref name="yaml"/> and a TriggerAuthentication <c>webhook</c> in Namespace whose
    /// <c>bearerToken</c> is <paramref name="token"/> (the secret <c>webhook/token</c>).
    /// </summary>
    public static Task<(TestService Service, string Journal)> StartWithBearerTokenAsync(
        string yaml,
        string token,
        Action<IServiceCollection>? configureServices = null,
        IEnumerable<string>? extraArgs = null) =>
        StartAsync(BearerTokenAuthentication + "\n---\n" + yaml, new Dictionary<string, string> { ["token"] = token }, configureServices, extraArgs);

    private const string BearerTokenAuthentication = """
        apiVersion: autoscaler.dev/v1alpha1
        kind: TriggerAuthentication
        metadata:
          name: webhook
          namespace: push
        spec:
          secretTargetRef:
            - parameter: bearerToken
              name: webhook
              key: token
        """;

    /// <summary>POSTs until the trigger's route exists (its scaler is built on the object's first turn), then returns that answer.</summary>
    public static async Task<HttpResponseMessage> PostWhenReadyAsync(HttpClient client, string path, Func<HttpRequestMessage> request)
    {
        HttpResponseMessage response = null!;
        await Eventually.WaitAsync(async () =>
        {
            var message = request();
            message.RequestUri = new Uri(path, UriKind.Relative);
            response = await client.SendAsync(message);
            return response.StatusCode != System.Net.HttpStatusCode.NotFound;
        }, $"the webhook {path} to be served");
        return response;
    }

    public static HttpRequestMessage Structured(string id, string type = "com.example.order.created", string source = "/orders", string? subject = null, string? data = null)
    {
        var subjectPart = subject is null ? "" : $",\"subject\":\"{subject}\"";
        var json = $"{{\"specversion\":\"1.0\",\"id\":\"{id}\",\"type\":\"{type}\",\"source\":\"{source}\"{subjectPart},\"datacontenttype\":\"application/json\",\"data\":{data ?? "{}"}}}";
        return new HttpRequestMessage(HttpMethod.Post, (Uri?)null)
        {
            Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/cloudevents+json")),
        };
    }
}
