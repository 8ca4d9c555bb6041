using System.Text.Json;

namespace Autoscaler.Webhooks;

/// <summary>The body of an ack: <c>{"ids": ["..."]}</c> or <c>{"count": N}</c>.</summary>
internal sealed record AckRequest(IReadOnlyCollection<string>? Ids, int Count)
{
    /// <summary>The most ids one ack may name.</summary>
    public const int MaxIds = 10_000;

    /// <summary>What a 400 says.</summary>
    public const string Expected = "expected a JSON body {\"ids\": [\"<event id>\", ...]} (1 to 10000 ids) or {\"count\": N} (N ≥ 1: the N oldest pending events)";

    /// <summary>The request, or null when <paramref name="body"/> is not one of the two forms.</summary>
    public static AckRequest? Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var hasIds = root.TryGetProperty("ids", out var ids);
            var hasCount = root.TryGetProperty("count", out var count);
            if (hasIds == hasCount)
            {
                return null;
            }

            if (hasCount)
            {
                return count.ValueKind == JsonValueKind.Number && count.TryGetInt32(out var n) && n >= 1 ? new AckRequest(null, n) : null;
            }

            if (ids.ValueKind != JsonValueKind.Array || ids.GetArrayLength() is 0 or > MaxIds)
            {
                return null;
            }

            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in ids.EnumerateArray())
            {
                if (id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } value)
                {
                    return null;
                }

                set.Add(value);
            }

            return new AckRequest(set, 0);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
