using System.Globalization;
using System.Text.Json;

namespace Autoscaler.Events;

/// <summary>Reads a field of a JSON document by a dotted path (<c>bucket.name</c>, <c>records.0.s3.object.key</c>).</summary>
public static class JsonFieldPath
{
    /// <summary>The field at <paramref name="path"/> as text (strings unquoted, other values as raw JSON), or null when absent.</summary>
    public static string? Read(JsonElement root, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var current = root;
        foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current.ValueKind switch
        {
            JsonValueKind.String => current.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => current.GetRawText(),
        };
    }
}
