using System.Globalization;
using System.Text.Json;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Http.MetricsApi;

/// <summary>
/// GETs <c>url</c> with one HttpClient (kept, disposed with the scaler) and reads the number at <c>valueLocation</c>
/// (a JSON number, or a string holding one). Active while the value is above <c>activationTargetValue</c>.
/// </summary>
internal sealed class MetricsApiScaler : IScaler
{
    private readonly MetricsApiTriggerOptions _options;
    private readonly HttpClient _client;

    public MetricsApiScaler(MetricsApiTriggerOptions options, ScalerContext context, HttpClient client)
    {
        _options = options;
        _client = client;
        MetricSpec = new MetricSpec(context.MetricName(""), options.TargetValue, options.ActivationTargetValue, MetricTargetTypes.Of(context.Trigger));
    }

    public MetricSpec MetricSpec { get; }

    public async ValueTask<MetricReading> GetMetricAndActivityAsync(CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(new Uri(_options.Url), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await HttpClientFactory.FailureAsync(response, "metrics-api", cancellationToken).ConfigureAwait(false);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            var value = Locate(document.RootElement, _options.Path, _options.ValueLocation);
            return new MetricReading(value, value > _options.ActivationTargetValue);
        }
    }

    /// <summary>The number at <paramref name="path"/> (object keys and array indices), or an error naming where it stopped.</summary>
    internal static double Locate(JsonElement root, IReadOnlyList<string> path, string location)
    {
        var current = root;
        for (var i = 0; i < path.Count; i++)
        {
            var part = path[i];
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(part, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array
                && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                throw new InvalidOperationException($"valueLocation '{location}': '{string.Join('.', path.Take(i + 1))}' is not in the response");
            }
        }

        return current.ValueKind switch
        {
            JsonValueKind.Number => current.GetDouble(),
            JsonValueKind.String when double.TryParse(current.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new InvalidOperationException($"valueLocation '{location}' holds {current.ValueKind.ToString().ToLowerInvariant()} {Shorten(current.ToString())}, not a number"),
        };
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "..." : text;

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
