using System.Text.Json.Nodes;

namespace Autoscaler.KubeApiServer;

/// <summary>A parsed label selector: equality (<c>k=v</c>, <c>k==v</c>, <c>k!=v</c>) and set-based (<c>k in (a,b)</c>, <c>k notin (a)</c>, <c>k</c>, <c>!k</c>).</summary>
internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }

        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        foreach (var raw in parts)
        {
            selector._requirements.Add(ParseOne(raw.Trim()));
        }

        return selector;
    }

    public bool Matches(JsonObject obj)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"]?["labels"] is JsonObject l)
        {
            foreach (var (k, v) in l)
            {
                labels[k] = v?.GetValue<string>() ?? "";
            }
        }

        return _requirements.All(r => r(labels));
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseOne(string part)
    {
        if (part.StartsWith('!'))
        {
            var key = Identifier(part[1..].Trim());
            return l => !l.ContainsKey(key);
        }

        var words = part.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 2 && (words[1].StartsWith("in ", StringComparison.Ordinal) || words[1].StartsWith("in(", StringComparison.Ordinal)
            || words[1].StartsWith("notin", StringComparison.Ordinal)))
        {
            var key = Identifier(words[0]);
            var negate = words[1].StartsWith("notin", StringComparison.Ordinal);
            var set = words[1][(negate ? 5 : 2)..].Trim();
            if (!set.StartsWith('(') || !set.EndsWith(')'))
            {
                throw new FormatException("unable to parse requirement: found '" + set + "', expected: '('");
            }

            var values = set[1..^1].Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            return negate ? l => !l.TryGetValue(key, out var v) || !values.Contains(v) : l => l.TryGetValue(key, out var v) && values.Contains(v);
        }

        foreach (var op in new[] { "!=", "==", "=" })
        {
            var at = part.IndexOf(op, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var key = Identifier(part[..at].Trim());
            var value = part[(at + op.Length)..].Trim();
            if (value.Contains('=', StringComparison.Ordinal) || value.Contains('!', StringComparison.Ordinal))
            {
                throw new FormatException("unable to parse requirement: found '=', expected: identifier");
            }

            return op == "!=" ? l => !l.TryGetValue(key, out var v) || v != value : l => l.TryGetValue(key, out var v) && v == value;
        }

        var exists = Identifier(part);
        return l => l.ContainsKey(exists);
    }

    private static string Identifier(string text)
    {
        if (text.Length == 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')))
        {
            throw new FormatException($"unable to parse requirement: found '{text}', expected: identifier");
        }

        return text;
    }
}
