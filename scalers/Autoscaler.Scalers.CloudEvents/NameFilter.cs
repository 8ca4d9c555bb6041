namespace Autoscaler.Scalers.CloudEvents;

/// <summary>A comma-separated list of names; an entry ending in <c>*</c> matches by prefix. Empty matches everything.</summary>
internal sealed class NameFilter
{
    private readonly string[] _exact;
    private readonly string[] _prefixes;

    public NameFilter(string? list)
    {
        var entries = (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        _exact = [.. entries.Where(e => !e.EndsWith('*'))];
        _prefixes = [.. entries.Where(e => e.EndsWith('*')).Select(e => e[..^1])];
    }

    public bool Matches(string? value) =>
        (_exact.Length == 0 && _prefixes.Length == 0) ||
        (value is not null && (_exact.Contains(value, StringComparer.Ordinal) || _prefixes.Any(p => value.StartsWith(p, StringComparison.Ordinal))));
}
