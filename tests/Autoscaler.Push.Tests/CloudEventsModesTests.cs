using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Autoscaler.Runtime.Embedded;
using Autoscaler.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Autoscaler.Push.Tests;

/// <summary>CloudEvents over HTTP: structured, binary and batch modes, filters, the OPTIONS handshake, Job templating.</summary>
public sealed class CloudEventsModesTests
{
    private const string Yaml = """
        apiVersion: autoscaler.dev/v1alpha1
        kind: ScaledJob
        metadata:
          name: devices
          namespace: push
        spec:
          pollingInterval: 300
          maxReplicaCount: 20
          jobTargetRef:
            template:
              spec:
                containers:
                  - name: worker
                    image: ghcr.io/example/worker:1.0
          triggers:
            - type: cloudevents
              name: telemetry
              metadata:
                public: "true"
                jobPerEvent: "true"
                types: io.example.device.*
                sources: /plant/line-1,/plant/line-2
                subjectPrefix: sensor-
                jobEnv: DEVICE=data.device.id,READING=data.reading,LINE=source,TRACE=traceparent
        """;

    private const string Webhook = "/api/events/scaledjobs/push/devices/telemetry";

    [Fact]
    public async Task CloudEvents_StructuredBinaryAndBatch_FilteredAndTemplatedIntoJobs()
    {
        var (service, _) = await PushHarness.StartAsync(Yaml, extraArgs: ["--Autoscaler:Embedded:JobDuration", "01:00:00"]);
        await using var running = service;
        var cluster = service.Services.GetRequiredService<SimulatedCluster>();

        var structured = await PushHarness.PostWhenReadyAsync(service.Client, Webhook, () =>
            PushHarness.Structured("s-1", "io.example.device.reading", "/plant/line-1", "sensor-7", "{\"device\":{\"id\":\"d-7\"},\"reading\":21.5}"));
        Assert.Equal(1, (await structured.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());

        var binary = new HttpRequestMessage(HttpMethod.Post, Webhook) { Content = new StringContent("{\"device\":{\"id\":\"d-9\"},\"reading\":3}", Encoding.UTF8, "application/json") };
        binary.Headers.Add("ce-specversion", "1.0");
        binary.Headers.Add("ce-id", "b-1");
        binary.Headers.Add("ce-type", "io.example.device.alarm");
        binary.Headers.Add("ce-source", "/plant/line-2");
        binary.Headers.Add("ce-subject", "sensor-9");
        binary.Headers.Add("ce-traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        var binaryResult = await (await service.Client.SendAsync(binary)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, binaryResult.GetProperty("accepted").GetInt32());

        var batchJson = "[" + string.Join(",",
            Event("m-1", "io.example.device.reading", "/plant/line-1", "sensor-1"),
            Event("m-2", "io.example.other", "/plant/line-1", "sensor-2"),          // type filtered
            Event("m-3", "io.example.device.reading", "/plant/line-9", "sensor-3"), // source filtered
            Event("m-4", "io.example.device.reading", "/plant/line-2", "valve-4"),  // subject filtered
            Event("s-1", "io.example.device.reading", "/plant/line-1", "sensor-7")) + "]"; // a redelivery
        var batch = await service.Client.PostAsync(Webhook, new StringContent(batchJson, Encoding.UTF8, new MediaTypeHeaderValue("application/cloudevents-batch+json")));
        var batchResult = await batch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, batchResult.GetProperty("accepted").GetInt32());
        Assert.Equal(3, batchResult.GetProperty("filtered").GetInt32());
        Assert.Equal(1, batchResult.GetProperty("duplicates").GetInt32());

        var plain = await service.Client.PostAsync(Webhook, new StringContent("{\"hello\":1}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Contains("ce-specversion", await plain.Content.ReadAsStringAsync());

        var options = new HttpRequestMessage(HttpMethod.Options, Webhook);
        options.Headers.Add("WebHook-Request-Origin", "bridge.example.com");
        var handshake = await service.Client.SendAsync(options);
        Assert.Equal("bridge.example.com", handshake.Headers.GetValues("WebHook-Allowed-Origin").Single());

        await Eventually.WaitAsync(async () => (await cluster.ListJobsAsync("push", "devices", default)).Count == 3, "a Job per accepted CloudEvent");
        var envs = (await cluster.ListJobsAsync("push", "devices", default)).Select(j => cluster.JobEnvironment("push", j.Name)!)
            .ToDictionary(e => e["EVENT_ID"]);
        Assert.Equal("d-7", envs["s-1"]["DEVICE"]);
        Assert.Equal("21.5", envs["s-1"]["READING"]);
        Assert.Equal("/plant/line-1", envs["s-1"]["LINE"]);
        Assert.Equal("d-9", envs["b-1"]["DEVICE"]);
        Assert.Equal("io.example.device.alarm", envs["b-1"]["EVENT_TYPE"]);
        Assert.Equal("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", envs["b-1"]["TRACE"]);
        Assert.Equal("sensor-1", envs["m-1"]["EVENT_SUBJECT"]);
    }

    private const string CountingYaml = """
        apiVersion: autoscaler.dev/v1alpha1
        kind: ScaledObject
        metadata:
          name: readings
          namespace: push
        spec:
          scaleTargetRef:
            name: readings
          pollingInterval: 300
          triggers:
            - type: cloudevents
              name: sensors
              metadata:
                public: "true"
                types: io.example.*
                subjectPrefix: sensor-
        """;

    [Fact]
    public async Task BinaryMode_CountingTrigger_SameIdsFiltersAndErrorsAsTheSdkPath()
    {
        var (service, _) = await PushHarness.StartAsync(CountingYaml);
        await using var running = service;
        const string Sensors = "/api/events/scaledobjects/push/readings/sensors";

        async Task<(HttpStatusCode Status, JsonElement Body)> BinaryAsync(string? id, string source, string type = "io.example.reading", string subject = "sensor-1", string body = "{\"v\":1}", string? extension = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Sensors) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("ce-specversion", "1.0");
            if (id is not null)
            {
                request.Headers.Add("ce-id", id);
            }

            request.Headers.Add("ce-source", source);
            request.Headers.Add("ce-type", type);
            request.Headers.Add("ce-subject", subject);
            if (extension is not null)
            {
                request.Headers.Add("ce-traceparent", extension);
            }

            var response = await service.Client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
        }

        // The same event in structured then binary mode (plain, absolute and percent-encoded sources) is one event.
        var first = await PushHarness.PostWhenReadyAsync(service.Client, Sensors, () => PushHarness.Structured("s-1", "io.example.reading", "/plant/a", "sensor-1"));
        Assert.Equal(1, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        Assert.Equal(1, (await BinaryAsync("s-1", "/plant/a")).Body.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, (await BinaryAsync("s-2", "https://Example.com/Plant")).Body.GetProperty("accepted").GetInt32());
        var absolute = await service.Client.SendAsync(WithPath(PushHarness.Structured("s-2", "io.example.reading", "https://Example.com/Plant", "sensor-1"), Sensors));
        Assert.Equal(1, (await absolute.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicates").GetInt32());
        Assert.Equal(1, (await BinaryAsync("s-3", "%2Fplant%2Fb")).Body.GetProperty("accepted").GetInt32());
        var encoded = await service.Client.SendAsync(WithPath(PushHarness.Structured("s-3", "io.example.reading", "/plant/b", "sensor-1"), Sensors));
        Assert.Equal(1, (await encoded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicates").GetInt32());

        // Filters, an extension attribute, and the errors.
        Assert.Equal(1, (await BinaryAsync("f-1", "/plant/a", type: "com.other.reading")).Body.GetProperty("filtered").GetInt32());
        Assert.Equal(1, (await BinaryAsync("f-2", "/plant/a", subject: "valve-1")).Body.GetProperty("filtered").GetInt32());
        Assert.Equal(1, (await BinaryAsync("t-1", "/plant/a", extension: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).Body.GetProperty("accepted").GetInt32());
        var malformed = await BinaryAsync("e-1", "/plant/a", body: "{bad");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.StartsWith("not a valid CloudEvent", malformed.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await BinaryAsync(null, "/plant/a")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await BinaryAsync("e-2", "/plant/a", body: "{} {}")).Status);
    }

    private static HttpRequestMessage WithPath(HttpRequestMessage request, string path)
    {
        request.RequestUri = new Uri(path, UriKind.Relative);
        return request;
    }

    private static string Event(string id, string type, string source, string subject) =>
        $"{{\"specversion\":\"1.0\",\"id\":\"{id}\",\"type\":\"{type}\",\"source\":\"{source}\",\"subject\":\"{subject}\",\"datacontenttype\":\"application/json\",\"data\":{{\"device\":{{\"id\":\"{id}\"}}}}}}";
}
