using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;

namespace Autoscaler.Webhooks;

/// <summary>
/// The request headers as the read-only string dictionary handlers see, without copying them: a value is turned into a
/// string (repeated headers joined with commas) only when a handler asks for it. Names are case-insensitive.
/// </summary>
internal sealed class HeaderView : IReadOnlyDictionary<string, string>
{
    private readonly IHeaderDictionary _headers;

    public HeaderView(IHeaderDictionary headers) => _headers = headers;

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => _headers.Keys;

    public IEnumerable<string> Values => _headers.Select(h => h.Value.ToString());

    public int Count => _headers.Count;

    public bool ContainsKey(string key) => _headers.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (_headers.TryGetValue(key, out var values))
        {
            value = values.ToString();
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        foreach (var (name, value) in _headers)
        {
            yield return new KeyValuePair<string, string>(name, value.ToString());
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
