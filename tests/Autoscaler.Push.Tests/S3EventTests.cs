using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Autoscaler.Runtime.Embedded;
using Autoscaler.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Autoscaler.Push.Tests;

/// <summary>S3 event notifications from a real S3-compatible store (s3rver), one Job per uploaded object.</summary>
public sealed class S3EventTests
{
    private const string Token = "s3-bridge-token";

    private const string Yaml = """
        apiVersion: autoscaler.dev/v1alpha1
        kind: ScaledJob
        metadata:
          name: thumbnailer
          namespace: push
        spec:
          pollingInterval: 30
          maxReplicaCount: 2
          jobTargetRef:
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: thumbnailer
                    image: ghcr.io/example/thumbnailer:1.0
          triggers:
            - type: aws-s3-events
              name: uploads
              authenticationRef:
                name: webhook
              metadata:
                jobPerEvent: "true"
                bucketName: uploads
                keySuffix: .jpg
                eventNames: ObjectCreated:*
                maxQueuedEvents: "1"
                jobEnv: REGION=awsRegion,ETAG=s3.object.eTag
        """;

    private const string Webhook = "/api/events/scaledjobs/push/thumbnailer/uploads";

    [Fact]
    public async Task S3rverUploads_OneJobPerObject_BoundedByMaxReplicasThenQueueThen429()
    {
        var (service, _) = await PushHarness.StartWithBearerTokenAsync(Yaml, Token,
            extraArgs: ["--Autoscaler:Embedded:JobDuration", "01:00:00"]);
        await using var running = service;
        var cluster = service.Services.GetRequiredService<SimulatedCluster>();

        // The route exists once the ScaledJob's first turn built its scaler (401: it wants credentials).
        var probe = await PushHarness.PostWhenReadyAsync(service.Client, Webhook, () => new HttpRequestMessage(HttpMethod.Post, (Uri?)null) { Content = new StringContent("{}") });
        Assert.Equal(HttpStatusCode.Unauthorized, probe.StatusCode);

        var node = RequiredTool.Find("node", "/usr/bin/node");
        var modules = Path.Combine(RepoPaths.Tools, "s3rver", "node_modules");
        if (!Directory.Exists(Path.Combine(modules, "s3rver")))
        {
            throw new InvalidOperationException($"s3rver is not installed under {modules}. Run ./test.sh (tests/setup/60-push-triggers.sh installs it).");
        }

        var port = FreePort.Next();
        var storage = Directory.CreateTempSubdirectory("s3rver-").FullName;
        await using var s3 = ManagedProcess.Start(node,
            ["--openssl-legacy-provider", Path.Combine(AppContext.BaseDirectory, "testassets", "s3rver-launcher.js"),
             port.ToString(System.Globalization.CultureInfo.InvariantCulture), storage, "uploads", service.Client.BaseAddress + Webhook.TrimStart('/'), Token],
            environment: new Dictionary<string, string> { ["NODE_PATH"] = modules });
        await s3.WaitForPortAsync(port);
        using var s3Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        async Task<string> UploadAsync(string key, int deliveries)
        {
            var put = await s3Client.PutAsync($"uploads/{key}", new ByteArrayContent(Encoding.UTF8.GetBytes("image bytes of " + key)));
            Assert.True(put.IsSuccessStatusCode, $"PUT {key}: {put.StatusCode} {await put.Content.ReadAsStringAsync()}");
            await Eventually.WaitAsync(() => Count(s3.Output, "delivered") >= deliveries, $"s3rver to deliver the event of {key}");
            return s3.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("delivered", StringComparison.Ordinal)).Last();
        }

        Assert.Equal("delivered 200", await UploadAsync("photos/a.jpg", 1));
        Assert.Equal("delivered 200", await UploadAsync("photos/b.jpg", 2));
        await Eventually.WaitAsync(async () => (await cluster.ListJobsAsync("push", "thumbnailer", default)).Count == 2, "a Job for each of the first two uploads");
        Assert.Equal("delivered 200", await UploadAsync("notes/readme.txt", 3)); // filtered: not .jpg
        Assert.Equal("delivered 200", await UploadAsync("photos/c.jpg", 4)); // waits: maxReplicaCount 2 Jobs run
        Assert.Equal("delivered 429", await UploadAsync("photos/d.jpg", 5)); // the queue (1) is full: the sender must retry

        var jobs = await cluster.ListJobsAsync("push", "thumbnailer", default);
        Assert.Equal(2, jobs.Count);
        var environments = jobs.Select(j => cluster.JobEnvironment("push", j.Name)!).OrderBy(e => e["S3_KEY"], StringComparer.Ordinal).ToList();
        Assert.Equal(["photos/a.jpg", "photos/b.jpg"], environments.Select(e => e["S3_KEY"]));
        Assert.All(environments, e => Assert.Equal("uploads", e["S3_BUCKET"]));
        Assert.All(environments, e => Assert.Equal("ObjectCreated:Put", e["S3_EVENT_NAME"]));
        Assert.All(environments, e => Assert.Equal("us-east-1", e["REGION"]));
        Assert.All(environments, e => Assert.Matches("^[0-9a-f]{32}$", e["ETAG"]));
        Assert.All(environments, e => Assert.StartsWith("uploads/photos/", e["EVENT_ID"], StringComparison.Ordinal));

        var status = await service.GetJsonAsync("/api/scaledjobs/push/thumbnailer");
        Assert.Equal(1, status.GetProperty("triggers")[0].GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task DirectRecords_RedeliveredAndMalformed_IdempotentAnd400()
    {
        var (service, _) = await PushHarness.StartWithBearerTokenAsync(Yaml.Replace("maxQueuedEvents: \"1\"", "maxQueuedEvents: \"10\"", StringComparison.Ordinal),
            Token, extraArgs: ["--Autoscaler:Embedded:JobDuration", "01:00:00"]);
        await using var running = service;
        var cluster = service.Services.GetRequiredService<SimulatedCluster>();

        // The documented S3 event message structure (docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
        var record = """
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"eu-west-1","eventTime":"2026-01-05T09:00:00.000Z",
            "eventName":"ObjectCreated:Put","userIdentity":{"principalId":"AWS:AIDAEXAMPLE"},"requestParameters":{"sourceIPAddress":"203.0.113.7"},
            "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
            "s3":{"s3SchemaVersion":"1.0","configurationId":"thumbs","bucket":{"name":"uploads","ownerIdentity":{"principalId":"A3NL1KOZZKExample"},"arn":"arn:aws:s3:::uploads"},
            "object":{"key":"photos/holiday+2026%281%29.jpg","size":1024,"eTag":"d41d8cd98f00b204e9800998ecf8427e","sequencer":"0055AED6DCD90281E5"}}}]}
            """;

        async Task<HttpResponseMessage> PostAsync(string body) => await PushHarness.PostWhenReadyAsync(service.Client, Webhook, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, (Uri?)null) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            return request;
        });

        var first = await (await PostAsync(record)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, first.GetProperty("accepted").GetInt32());
        var again = await (await PostAsync(record)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, again.GetProperty("accepted").GetInt32());
        Assert.Equal(1, again.GetProperty("duplicates").GetInt32());

        await Eventually.WaitAsync(async () => (await cluster.ListJobsAsync("push", "thumbnailer", default)).Count == 1, "one Job for the event");
        var job = (await cluster.ListJobsAsync("push", "thumbnailer", default)).Single();
        Assert.Equal("photos/holiday 2026(1).jpg", cluster.JobEnvironment("push", job.Name)!["S3_KEY"]);
        Assert.Equal("eu-west-1", cluster.JobEnvironment("push", job.Name)!["REGION"]);

        var bad = await PostAsync("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\"}]}");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("s3.bucket.name", await bad.Content.ReadAsStringAsync());
        var notJson = await PostAsync("Records=1");
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("not JSON", await notJson.Content.ReadAsStringAsync());
        Assert.Single(await cluster.ListJobsAsync("push", "thumbnailer", default));
    }

    private static int Count(string text, string word) =>
        text.Split('\n').Count(l => l.StartsWith(word, StringComparison.Ordinal));
}
