namespace Autoscaler.Validation;

/// <summary>Finds the known name closest to a misspelt one, for "did you mean ...?" hints.</summary>
public static class NameSuggester
{
    /// <summary>
    /// The candidate closest to <paramref name="name"/> (case-insensitive edit distance), or null when none is
    /// close enough: at most a third of the name's length, and at least 1, edits away.
    /// </summary>
    public static string? Suggest(string name, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(name.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        var allowed = Math.Max(1, name.Length / 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>" (did you mean 'x'?)" or an empty string.</summary>
    public static string Hint(string name, IEnumerable<string> candidates)
    {
        var suggestion = Suggest(name, candidates);
        return suggestion is null ? "" : $" (did you mean '{suggestion}'?)";
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
