using System.Globalization;
using Autoscaler.Runtime.Embedded;
using Autoscaler.Testing;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;

namespace Autoscaler.Push.Tests;

/// <summary>The mqtt trigger against a real mosquitto: credentials, wildcards, QoS 1, one Job per message, reconnects.</summary>
public sealed class MqttTests
{
    private static string Yaml(int port) => string.Create(CultureInfo.InvariantCulture, $"""
        apiVersion: autoscaler.dev/v1alpha1
        kind: TriggerAuthentication
        metadata:
          name: webhook
          namespace: push
        spec:
          secretTargetRef:
            - parameter: username
              name: webhook
              key: user
            - parameter: password
              name: webhook
              key: password
        ---
        apiVersion: autoscaler.dev/v1alpha1
        kind: ScaledJob
        metadata:
          name: alarms
          namespace: push
        spec:
          pollingInterval: 300
          maxReplicaCount: 20
          jobTargetRef:
            template:
              spec:
                containers:
                  - name: handler
                    image: ghcr.io/example/alarm-handler:1.0
          triggers:
            - type: mqtt
              name: alarms
              authenticationRef:
                name: webhook
              metadata:
                brokerUrl: mqtt://127.0.0.1:{port}
                topic: factory/+/alarms
                qos: "1"
                jobPerEvent: "true"
                eventIdPath: alarmId
                reconnectDelay: 200ms
                reconnectMaxDelay: 1s
                jobEnv: LEVEL=data.level,TOPIC=topic
        """);

    [Fact]
    public async Task Mosquitto_MessagesOnMatchingTopics_OneJobEachAndReconnectAfterBrokerRestart()
    {
        await using var broker = await Mosquitto.StartAsync("autoscaler", "mqtt-pass");
        var (service, _) = await PushHarness.StartAsync(Yaml(broker.Port), new Dictionary<string, string> { ["user"] = "autoscaler", ["password"] = "mqtt-pass" },
            extraArgs: ["--Autoscaler:Embedded:JobDuration", "01:00:00"]);
        await using var running = service;
        var cluster = service.Services.GetRequiredService<SimulatedCluster>();
        var factory = new MqttClientFactory();

        async Task PublishAsync(string topic, string payload)
        {
            using var client = factory.CreateMqttClient();
            await client.ConnectAsync(factory.CreateClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithCredentials("autoscaler", "mqtt-pass").WithClientId("test-publisher").Build());
            await client.PublishAsync(factory.CreateApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            await client.DisconnectAsync();
        }

        async Task<int> JobsAsync() => (await cluster.ListJobsAsync("push", "alarms", default)).Count;

        // The trigger subscribes when the ScaledJob starts; wait until a retained-free publish is seen.
        await Eventually.WaitAsync(async () =>
        {
            await PublishAsync("factory/line-1/alarms", "{\"alarmId\":\"a-1\",\"level\":\"high\"}");
            return await JobsAsync() >= 1;
        }, "the trigger to subscribe and the first alarm to create a Job");

        await PublishAsync("factory/line-2/alarms", "{\"alarmId\":\"a-2\",\"level\":\"low\"}");
        await PublishAsync("factory/line-2/status", "{\"alarmId\":\"s-1\"}");          // not matched by the filter
        await PublishAsync("factory/line-1/alarms", "{\"alarmId\":\"a-1\",\"level\":\"high\"}"); // a redelivery: same id
        await Eventually.WaitAsync(async () => await JobsAsync() == 2, "a Job for a-2");

        // The broker dies and comes back: the trigger reconnects with backoff and counts again.
        await broker.KillAsync();
        await broker.RestartAsync();
        await Eventually.WaitAsync(async () =>
        {
            await PublishAsync("factory/line-3/alarms", "{\"alarmId\":\"a-3\",\"level\":\"mid\"}");
            return await JobsAsync() == 3;
        }, "the trigger to reconnect and a-3 to create a Job");

        var envs = (await cluster.ListJobsAsync("push", "alarms", default)).Select(j => cluster.JobEnvironment("push", j.Name)!).ToDictionary(e => e["EVENT_ID"]);
        Assert.Equal(["a-1", "a-2", "a-3"], envs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("high", envs["a-1"]["LEVEL"]);
        Assert.Equal("factory/line-2/alarms", envs["a-2"]["TOPIC"]);
        Assert.Equal("factory/line-3/alarms", envs["a-3"]["MQTT_TOPIC"]);
        Assert.Equal(3, await JobsAsync());
    }
}
