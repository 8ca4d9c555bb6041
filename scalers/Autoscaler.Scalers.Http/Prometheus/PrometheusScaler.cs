using System.Globalization;
using System.Text;
using System.Text.Json;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Http.Prometheus;

/// <summary>
/// Runs the instant query <c>GET {serverAddress}/api/v1/query?query=...&amp;time=now</c> with one HttpClient (kept,
/// disposed with the scaler). The result must be exactly one sample (a one-element vector or a scalar); anything
/// else is an error that says what came back. Active while the value is above <c>activationThreshold</c>.
/// </summary>
internal sealed class PrometheusScaler : IScaler
{
    private readonly PrometheusTriggerOptions _options;
    private readonly HttpClient _client;
    private readonly TimeProvider _time;

    public PrometheusScaler(PrometheusTriggerOptions options, ScalerContext context, HttpClient client)
    {
        _options = options;
        _client = client;
        _time = context.TimeProvider;
        MetricSpec = new MetricSpec(context.MetricName(""), options.Threshold, options.ActivationThreshold, MetricTargetTypes.Of(context.Trigger));
    }

    public MetricSpec MetricSpec { get; }

    /// <summary>The request URL for the query at <paramref name="now"/>.</summary>
    internal Uri QueryUri(DateTimeOffset now)
    {
        var query = new StringBuilder("query=").Append(Uri.EscapeDataString(_options.Query))
            .Append("&time=").Append(Uri.EscapeDataString(now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)));
        if (_options.Namespace is { Length: > 0 } ns)
        {
            query.Append("&namespace=").Append(Uri.EscapeDataString(ns));
        }

        foreach (var (name, value) in _options.Parameters)
        {
            query.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return new Uri($"{_options.ServerAddress.TrimEnd('/')}/api/v1/query?{query}");
    }

    public async ValueTask<MetricReading> GetMetricAndActivityAsync(CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(QueryUri(_time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.BadRequest && (int)response.StatusCode != 422)
        {
            throw await HttpClientFactory.FailureAsync(response, "prometheus", cancellationToken).ConfigureAwait(false);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            var value = Interpret(document.RootElement, _options);
            return new MetricReading(value, value > _options.ActivationThreshold);
        }
    }

    /// <summary>The single sample's value from an API response, or an error that says what came back.</summary>
    internal static double Interpret(JsonElement root, PrometheusTriggerOptions options)
    {
        var status = root.TryGetProperty("status", out var s) ? s.GetString() : null;
        if (status != "success")
        {
            var type = root.TryGetProperty("errorType", out var t) ? t.GetString() : "unknown";
            var error = root.TryGetProperty("error", out var e) ? e.GetString() : "no error message";
            throw new InvalidOperationException($"prometheus query '{options.Query}' failed: {type}: {error}");
        }

        var data = root.GetProperty("data");
        var resultType = data.GetProperty("resultType").GetString();
        var result = data.GetProperty("result");
        JsonElement sample;
        switch (resultType)
        {
            case "scalar":
                sample = result;
                break;
            case "vector":
                var count = result.GetArrayLength();
                if (count == 0)
                {
                    return options.IgnoreNullValues
                        ? 0
                        : throw new InvalidOperationException($"prometheus query '{options.Query}' returned no samples (the target may be lost); set ignoreNullValues: true to read this as 0");
                }

                if (count > 1)
                {
                    var series = string.Join(", ", result.EnumerateArray().Take(5).Select(r => r.GetProperty("metric").ToString()));
                    throw new InvalidOperationException(
                        $"prometheus query '{options.Query}' returned {count} samples, expected exactly one: {series}{(count > 5 ? ", ..." : "")}; aggregate it (for example sum(...))");
                }

                sample = result[0].GetProperty("value");
                break;
            default:
                throw new InvalidOperationException($"prometheus query '{options.Query}' returned a {resultType}, expected one sample (an instant vector with one series, or a scalar)");
        }

        if (sample.ValueKind != JsonValueKind.Array || sample.GetArrayLength() < 2 || sample[1].ValueKind != JsonValueKind.String)
        {
            throw new InvalidOperationException($"prometheus query '{options.Query}' returned a malformed sample: {sample}");
        }

        var text = sample[1].GetString()!;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            value = text switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => throw new InvalidOperationException($"prometheus query '{options.Query}' returned a non-numeric value '{text}'"),
            };
        }

        if (!double.IsFinite(value))
        {
            return options.IgnoreNullValues
                ? 0
                : throw new InvalidOperationException($"prometheus query '{options.Query}' returned {text}; set ignoreNullValues: true to read this as 0");
        }

        return value;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
