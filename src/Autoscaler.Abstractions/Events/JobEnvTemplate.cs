using System.Text.RegularExpressions;

namespace Autoscaler.Events;

/// <summary>Parses <c>jobEnv</c>: <c>NAME=path</c> pairs separated by commas (<c>IMAGE=data.url,KIND=type</c>).</summary>
public static partial class JobEnvTemplate
{
    /// <summary>Parses <paramref name="text"/> into (variable, path) pairs, or gives the reason it is wrong.</summary>
    public static bool TryParse(string text, out IReadOnlyList<KeyValuePair<string, string>> pairs, out string reason)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<KeyValuePair<string, string>>();
        pairs = result;
        reason = "";
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? part[..eq].Trim() : "";
            var path = eq > 0 ? part[(eq + 1)..].Trim() : "";
            if (!EnvName().IsMatch(name) || path.Length == 0)
            {
                reason = $"'{part}' is not NAME=path (NAME: letters, digits and _, not starting with a digit)";
                return false;
            }

            result.Add(new(name, path));
        }

        return true;
    }

    /// <summary>
    /// Adds to <paramref name="environment"/> one variable per pair whose path <paramref name="lookup"/> resolves
    /// (unresolved paths are left out).
    /// </summary>
    public static void Apply(IReadOnlyList<KeyValuePair<string, string>> pairs, Func<string, string?> lookup, IDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var (name, path) in pairs)
        {
            if (lookup(path) is { } value)
            {
                environment[name] = value;
            }
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvName();
}
