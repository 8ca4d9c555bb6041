using System.Globalization;
using System.Text.RegularExpressions;

namespace Autoscaler.Scaling;

/// <summary>Parses durations as Go and Kubernetes write them (<c>1h30m</c>, <c>500ms</c>, <c>30s</c>); a bare number is seconds.</summary>
public static partial class DurationParser
{
    /// <summary>Parses <paramref name="text"/>; false when it is not a non-negative duration.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds < 0 || !double.IsFinite(seconds))
            {
                return false;
            }

            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var matches = Part().Matches(text);
        if (matches.Count == 0 || matches.Sum(m => m.Length) != text.Length)
        {
            return false;
        }

        double total = 0;
        foreach (Match match in matches)
        {
            var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            total += match.Groups[2].Value switch
            {
                "ms" => amount / 1000,
                "s" => amount,
                "m" => amount * 60,
                "h" => amount * 3600,
                "d" => amount * 86400,
                _ => double.NaN,
            };
        }

        if (!double.IsFinite(total))
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(total);
        return true;
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h|d)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
