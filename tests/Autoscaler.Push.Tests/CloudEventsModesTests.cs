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

    private static string Event(string id, string type, string source, string subject) =>
        $"{{\"specversion\":\"1.0\",\"id\":\"{id}\",\"type\":\"{type}\",\"source\":\"{source}\",\"subject\":\"{subject}\",\"datacontenttype\":\"application/json\",\"data\":{{\"device\":{{\"id\":\"{id}\"}}}}}}";
}
