using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Autoscaler.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Autoscaler.Push.Tests;

/// <summary>
/// <c>metric: pending</c>: events count until a worker acks them (<c>POST .../ack</c>, authenticated like the trigger,
/// durable across a restart), or until <c>pendingTimeout</c> for events never acked.
/// </summary>
public sealed class PendingAckTests
{
    private const string Token = "ack-t0ken";

    private const string Yaml = """
        apiVersion: autoscaler.dev/v1alpha1
        kind: ScaledObject
        metadata:
          name: workers
          namespace: push
        spec:
          scaleTargetRef:
            name: workers
          pollingInterval: 30
          maxReplicaCount: 10
          triggers:
            - type: cloudevents
              name: work
              authenticationRef:
                name: webhook
              metadata:
                metric: pending
                pendingTimeout: 10m
                targetValue: "1"
            - type: cloudevents
              name: rate
              metadata:
                public: "true"
        """;

    private const string Work = "/api/events/scaledobjects/push/workers/work";

    [Fact]
    public async Task Ack_ByIdsAndByCount_PendingDropsDurably_AndUnackedEventsExpireAfterPendingTimeout()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (service, journal) = await PushHarness.StartWithBearerTokenAsync(Yaml, Token, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        JsonElement answer;
        await using (service)
        {
            foreach (var id in new[] { "e1", "e2", "e3", "e4" })
            {
                var posted = await PushHarness.PostWhenReadyAsync(service.Client, Work, () => WithToken(PushHarness.Structured(id)));
                Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            }

            await WaitForPendingAsync(service, clock, 4);

            // Credentials as for deliveries; a body of one of the two forms; only pending triggers.
            Assert.Equal(HttpStatusCode.Unauthorized, (await AckAsync(service, """{"count":1}""", token: null)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await AckAsync(service, """{"count":1}""", token: "wrong")).StatusCode);
            var bad = await AckAsync(service, """{"count":0}""");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("expected a JSON body", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.BadRequest, (await AckAsync(service, """{"ids":"e1"}""")).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await AckAsync(service, """{"count":1}""", path: "/api/events/scaledobjects/push/workers/rate/ack")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await AckAsync(service, """{"count":1}""", path: "/api/events/scaledobjects/push/workers/none/ack")).StatusCode);

            // By id (CloudEvents ids are source#id): one known, one not.
            var byIds = await AckAsync(service, """{"ids":["/orders#e1","/orders#unknown"]}""");
            Assert.Equal(HttpStatusCode.OK, byIds.StatusCode);
            answer = await byIds.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1, answer.GetProperty("completed").GetInt32());
            Assert.Equal(1, answer.GetProperty("notPending").GetInt32());
            Assert.Equal(3, answer.GetProperty("pending").GetInt32());

            // Acking again changes nothing; the oldest one by count is e2.
            answer = await (await AckAsync(service, """{"ids":["/orders#e1"]}""")).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(0, answer.GetProperty("completed").GetInt32());
            answer = await (await AckAsync(service, """{"count":1}""")).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1, answer.GetProperty("completed").GetInt32());
            Assert.Equal(2, answer.GetProperty("pending").GetInt32());
            await WaitForPendingAsync(service, clock, 2);

            // A redelivery of an acked event is a duplicate, not pending again.
            var again = await service.Client.SendAsync(WithToken(PushHarness.Structured("e1"), Work));
            Assert.Equal(1, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicates").GetInt32());
        }

        // The acks were journaled: after a restart on the same journal, e3 and e4 are pending, e1 and e2 are not.
        var (restarted, _) = await PushHarness.StartWithBearerTokenAsync(Yaml, Token, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)),
            ["--Autoscaler:Events:JournalPath", journal]);
        await using (restarted)
        {
            await WaitForPendingAsync(restarted, clock, 2);
            answer = await (await AckAsync(restarted, """{"ids":["/orders#e2","/orders#e3"]}""")).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1, answer.GetProperty("completed").GetInt32());
            Assert.Equal(1, answer.GetProperty("pending").GetInt32());

            // e4 is never acked: it stops counting once pendingTimeout (10 min) has passed.
            clock.Advance(TimeSpan.FromMinutes(9));
            answer = await (await AckAsync(restarted, """{"ids":["/orders#none"]}""")).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1, answer.GetProperty("pending").GetInt32());
            clock.Advance(TimeSpan.FromMinutes(2));
            await WaitForPendingAsync(restarted, clock, 0);
        }
    }

    /// <summary>
    /// Waits for the status to show <paramref name="expected"/> pending events. Wake-ups while events stream in are
    /// coalesced to one per 50 ms on the injected clock, so the fake clock is moved past that first.
    /// </summary>
    private static async Task WaitForPendingAsync(TestService service, FakeTimeProvider clock, double expected)
    {
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/push/workers"),
            s => s.TryGetProperty("triggers", out var t) && t.GetArrayLength() > 0 && t[0].TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number && v.GetDouble() == expected,
            $"the pending count to be {expected}");
    }

    private static Task<HttpResponseMessage> AckAsync(TestService service, string body, string? token = Token, string path = Work + "/ack")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return service.Client.SendAsync(request);
    }

    private static HttpRequestMessage WithToken(HttpRequestMessage request, string? path = null)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        if (path is not null)
        {
            request.RequestUri = new Uri(path, UriKind.Relative);
        }

        return request;
    }
}
