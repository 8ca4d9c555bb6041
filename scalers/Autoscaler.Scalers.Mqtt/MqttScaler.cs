using System.Buffers;
using System.Text;
using System.Text.Json;
using Autoscaler.Events;
using Autoscaler.Scaling;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace Autoscaler.Scalers.Mqtt;

/// <summary>
/// An MQTT subscription feeding the hub's event scaler: every message on the topic filter is an event. Connects when
/// the object starts, reconnects with exponential backoff, and acknowledges QoS 1/2 messages only after they are journaled.
/// </summary>
internal sealed partial class MqttScaler : IEventScaler
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly IEventScaler _events;
    private readonly MqttTriggerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _clientId;
    private readonly string _what;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _jobEnv;
    private volatile string? _lastError;

    public MqttScaler(IEventScaler events, MqttTriggerOptions options, ScalerContext context)
    {
        _events = events;
        _options = options;
        _time = context.TimeProvider;
        _logger = context.LoggerFactory.CreateLogger<MqttScaler>();
        _clientId = options.ClientId ?? $"autoscaler-{context.Namespace}-{context.ObjectName}-{context.TriggerIndex}";
        _what = $"{context.ObjectKind} {context.Namespace}/{context.ObjectName} trigger {context.TriggerIndex}";
        _jobEnv = JobEnvTemplate.TryParse(options.JobEnv ?? "", out var pairs, out _) ? pairs : [];
    }

    public MetricSpec MetricSpec => _events.MetricSpec;

    public bool OneJobPerEvent => _events.OneJobPerEvent;

    /// <summary>Reads the count; fails (so the status shows it) while the broker cannot be reached.</summary>
    public async ValueTask<MetricReading> GetMetricAndActivityAsync(CancellationToken cancellationToken)
    {
        var reading = await _events.GetMetricAndActivityAsync(cancellationToken).ConfigureAwait(false);
        if (_lastError is { } error && !reading.IsActive)
        {
            throw new InvalidOperationException(error);
        }

        return reading;
    }

    public async Task RunAsync(IPushNotifier notifier, CancellationToken cancellationToken)
    {
        var events = _events.RunAsync(notifier, cancellationToken);
        var delay = _options.ReconnectDelay;
        var factory = new MqttClientFactory();
        while (!cancellationToken.IsCancellationRequested)
        {
            using var client = factory.CreateMqttClient();
            var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            client.DisconnectedAsync += _ =>
            {
                disconnected.TrySetResult();
                return Task.CompletedTask;
            };
            client.ApplicationMessageReceivedAsync += OnMessageAsync;
            try
            {
                await client.ConnectAsync(ClientOptions(factory), cancellationToken).ConfigureAwait(false);
                var subscribe = factory.CreateSubscribeOptionsBuilder().WithTopicFilter(_options.Topic, (MqttQualityOfServiceLevel)_options.Qos).Build();
                var result = await client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
                var code = result.Items.FirstOrDefault()?.ResultCode;
                if (code is not (MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2))
                {
                    throw new InvalidOperationException($"the broker refused the subscription to '{_options.Topic}': {code}");
                }

                _lastError = null;
                delay = _options.ReconnectDelay;
                LogConnected(_logger, _what, _options.Topic);
                await disconnected.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                _lastError = "disconnected from the MQTT broker; reconnecting";
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
            {
                _lastError = "MQTT broker unavailable: " + e.Message;
                LogConnectFailed(_logger, _what, e.Message, delay.TotalSeconds);
            }

            if (client.IsConnected)
            {
                try
                {
                    await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    LogConnectFailed(_logger, _what, e.Message, 0);
                }
            }

            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
        }

        await events.ConfigureAwait(false);
    }

    private MqttClientOptions ClientOptions(MqttClientFactory factory)
    {
        var uri = new Uri(_options.BrokerUrl);
        var tls = uri.Scheme is "mqtts" or "ssl";
        var builder = factory.CreateClientOptionsBuilder()
            .WithTcpServer(uri.Host, uri.IsDefaultPort || uri.Port <= 0 ? (tls ? 8883 : 1883) : uri.Port)
            .WithClientId(_clientId)
            .WithCleanSession(false)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (tls)
        {
            builder = builder.WithTlsOptions(o => o.UseTls());
        }

        if (!string.IsNullOrEmpty(_options.Username))
        {
            builder = builder.WithCredentials(_options.Username, _options.Password ?? "");
        }

        return builder.Build();
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        var message = args.ApplicationMessage;
        var payload = message.Payload.ToArray();
        JsonElement? json = null;
        try
        {
            using var document = JsonDocument.Parse(payload);
            json = document.RootElement.Clone();
        }
        catch (JsonException)
        {
        }

        var id = _options.EventIdPath is { Length: > 0 } path && json is { } root && JsonFieldPath.Read(root, path) is { } found
            ? found
            : Guid.NewGuid().ToString("N");
        var environment = NoEnvironment;
        if (_events.OneJobPerEvent)
        {
            environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["EVENT_ID"] = id, ["EVENT_TYPE"] = "mqtt", ["MQTT_TOPIC"] = message.Topic };
            if (payload.Length <= 4096)
            {
                environment["MQTT_PAYLOAD"] = Encoding.UTF8.GetString(payload);
            }

            JobEnvTemplate.Apply(_jobEnv, p => p == "topic" ? message.Topic : p.StartsWith("data.", StringComparison.Ordinal) && json is { } j ? JsonFieldPath.Read(j, p[5..]) : null, environment);
        }

        // The handler returns (and MQTTnet acknowledges a QoS 1/2 message) only after the event is journaled.
        var result = await _events.PublishAsync([new PushEvent(id, "mqtt:" + message.Topic, environment)], CancellationToken.None).ConfigureAwait(false);
        if (result.QueueFull)
        {
            LogQueueFull(_logger, _what, message.Topic);
            args.ProcessingFailed = true;
        }
    }

    public ValueTask<PublishResult> PublishAsync(IReadOnlyList<PushEvent> events, CancellationToken cancellationToken) => _events.PublishAsync(events, cancellationToken);

    public bool TryTakeJobEvent(out PushEvent pushEvent) => _events.TryTakeJobEvent(out pushEvent);

    public ValueTask CompleteJobEventAsync(PushEvent pushEvent, CancellationToken cancellationToken) => _events.CompleteJobEventAsync(pushEvent, cancellationToken);

    public void ReturnJobEvent(PushEvent pushEvent) => _events.ReturnJobEvent(pushEvent);

    public ValueTask DisposeAsync() => _events.DisposeAsync();

    [LoggerMessage(6100, LogLevel.Information, "MQTT {What} subscribed to {Topic}")]
    private static partial void LogConnected(ILogger logger, string what, string topic);

    [LoggerMessage(6101, LogLevel.Warning, "MQTT {What}: {Error}; retrying in {Delay}s")]
    private static partial void LogConnectFailed(ILogger logger, string what, string error, double delay);

    [LoggerMessage(6102, LogLevel.Warning, "MQTT {What}: the queue is full; a message on {Topic} was not taken")]
    private static partial void LogQueueFull(ILogger logger, string what, string topic);
}
