using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Autoscaler.Runtime.Embedded;
using Autoscaler.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Autoscaler.Push.Tests;

/// <summary>Event Grid's documented payloads in both schemas, and both handshakes, over real HTTP.</summary>
public sealed class EventGridTests
{
    private const string Token = "event-grid-delivery-token";

    private const string Yaml = """
        apiVersion: autoscaler.dev/v1alpha1
        kind: ScaledJob
        metadata:
          name: blobs
          namespace: push
        spec:
          pollingInterval: 300
          maxReplicaCount: 10
          jobTargetRef:
            template:
              spec:
                containers:
                  - name: worker
                    image: ghcr.io/example/worker:1.0
          triggers:
            - type: azure-event-grid
              name: storage
              authenticationRef:
                name: webhook
              metadata:
                jobPerEvent: "true"
                eventTypes: Microsoft.Storage.BlobCreated
                subjectBeginsWith: /blobServices/default/containers/
                subjectEndsWith: .png
                jobEnv: BLOB_URL=data.url,CONTENT_TYPE=data.contentType
        """;

    private const string Webhook = "/api/events/scaledjobs/push/blobs/storage";

    // learn.microsoft.com/azure/event-grid/webhook-event-delivery (validation) and event-schema-blob-storage (BlobCreated).
    private const string ValidationEvent = """
        [{
          "id": "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66",
          "topic": "/subscriptions/xx/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct",
          "subject": "",
          "data": { "validationCode": "512d38b6-c7b8-40c8-89fe-f46f9e9622b6", "validationUrl": "https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/estest/validate?id=512d38b6" },
          "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent",
          "eventTime": "2018-01-25T22:12:19.4556811Z",
          "metadataVersion": "1",
          "dataVersion": "1"
        }]
        """;

    private static string BlobCreated(string id, string name) => $$"""
        [{
          "topic": "/subscriptions/{subscription-id}/resourceGroups/Storage/providers/Microsoft.Storage/storageAccounts/my-storage-account",
          "subject": "/blobServices/default/containers/test-container/blobs/{{name}}",
          "eventType": "Microsoft.Storage.BlobCreated",
          "eventTime": "2017-06-26T18:41:00.9584103Z",
          "id": "{{id}}",
          "data": {
            "api": "PutBlockList",
            "clientRequestId": "6d79dbfb-0e37-4fc4-981f-442c9ca65760",
            "requestId": "831e1650-001e-001b-66ab-eeb76e000000",
            "eTag": "0x8D4BCC2E4835CD0",
            "contentType": "image/png",
            "contentLength": 524288,
            "blobType": "BlockBlob",
            "url": "https://my-storage-account.blob.core.windows.net/testcontainer/{{name}}",
            "sequencer": "00000000000004420000000000028963",
            "storageDiagnostics": { "batchId": "b68529f3-68cd-4744-baa4-3c0498ec19f0" }
          },
          "dataVersion": "",
          "metadataVersion": "1"
        }]
        """;

    private static string BlobCreatedCloudEvent(string id, string name) => $$"""
        {
          "source": "/subscriptions/{subscription-id}/resourceGroups/Storage/providers/Microsoft.Storage/storageAccounts/my-storage-account",
          "subject": "/blobServices/default/containers/test-container/blobs/{{name}}",
          "type": "Microsoft.Storage.BlobCreated",
          "time": "2019-11-18T15:13:39.4589254Z",
          "id": "{{id}}",
          "data": {
            "api": "PutBlockList",
            "contentType": "image/png",
            "contentLength": 524288,
            "blobType": "BlockBlob",
            "url": "https://my-storage-account.blob.core.windows.net/testcontainer/{{name}}",
            "sequencer": "000000000000000000000000000099240000000000c41c18"
          },
          "specversion": "1.0"
        }
        """;

    [Fact]
    public async Task EventGrid_BothSchemasAndBothHandshakes_OneJobPerMatchingBlob()
    {
        var (service, _) = await PushHarness.StartWithBearerTokenAsync(Yaml, Token, extraArgs: ["--Autoscaler:Embedded:JobDuration", "01:00:00"]);
        await using var running = service;
        var cluster = service.Services.GetRequiredService<SimulatedCluster>();

        // EventGridEvent schema handshake: echo the validation code, without credentials (Event Grid sends none there).
        var validation = await PushHarness.PostWhenReadyAsync(service.Client, Webhook, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, (Uri?)null) { Content = new StringContent(ValidationEvent, Encoding.UTF8, "application/json") };
            request.Headers.Add("aeg-event-type", "SubscriptionValidation");
            return request;
        });
        Assert.Equal(HttpStatusCode.OK, validation.StatusCode);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", (await validation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("validationResponse").GetString());

        // CloudEvents schema handshake: OPTIONS with WebHook-Request-Origin.
        var options = new HttpRequestMessage(HttpMethod.Options, Webhook);
        options.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
        options.Headers.Add("WebHook-Request-Rate", "120");
        var allowed = await service.Client.SendAsync(options);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("eventgrid.azure.net", allowed.Headers.GetValues("WebHook-Allowed-Origin").Single());
        Assert.Equal("*", allowed.Headers.GetValues("WebHook-Allowed-Rate").Single());

        async Task<JsonElement> DeliverAsync(string body, string contentType, HttpStatusCode expected = HttpStatusCode.OK, string? token = Token)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Webhook) { Content = new StringContent(body, Encoding.UTF8, contentType) };
            request.Headers.Add("aeg-event-type", "Notification");
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            var response = await service.Client.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        await DeliverAsync(BlobCreated("eg-1", "a.png"), "application/json", HttpStatusCode.Unauthorized, token: null);
        var first = await DeliverAsync(BlobCreated("eg-1", "a.png"), "application/json");
        Assert.Equal(1, first.GetProperty("accepted").GetInt32());
        var filtered = await DeliverAsync(BlobCreated("eg-2", "b.txt"), "application/json");
        Assert.Equal(1, filtered.GetProperty("filtered").GetInt32());
        var redelivered = await DeliverAsync(BlobCreated("eg-1", "a.png"), "application/json");
        Assert.Equal(1, redelivered.GetProperty("duplicates").GetInt32());
        var cloud = await DeliverAsync(BlobCreatedCloudEvent("ce-1", "c.png"), "application/cloudevents+json");
        Assert.Equal(1, cloud.GetProperty("accepted").GetInt32());
        var batch = await DeliverAsync("[" + BlobCreatedCloudEvent("ce-2", "d.png") + "," + BlobCreatedCloudEvent("ce-3", "e.png") + "]", "application/cloudevents-batch+json");
        Assert.Equal(2, batch.GetProperty("accepted").GetInt32());
        var broken = await DeliverAsync("[{\"id\":\"x\"}]", "application/json", HttpStatusCode.BadRequest);
        Assert.Contains("not a valid Event Grid delivery", broken.GetProperty("error").GetString());

        await Eventually.WaitAsync(async () => (await cluster.ListJobsAsync("push", "blobs", default)).Count == 4, "a Job per accepted blob event");
        var urls = (await cluster.ListJobsAsync("push", "blobs", default)).Select(j => cluster.JobEnvironment("push", j.Name)!)
            .Select(e => e["BLOB_URL"]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["a.png", "c.png", "d.png", "e.png"], urls.Select(u => u[(u.LastIndexOf('/') + 1)..]));
        var env = cluster.JobEnvironment("push", (await cluster.ListJobsAsync("push", "blobs", default))[0].Name)!;
        Assert.Equal("image/png", env["CONTENT_TYPE"]);
        Assert.Equal("Microsoft.Storage.BlobCreated", env["EVENT_TYPE"]);
    }
}
