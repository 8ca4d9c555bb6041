using System.Collections.Concurrent;

namespace Autoscaler.Scalers.Demo;

/// <summary>The values of manual demo sources, set through the REST API. One per process (a DI singleton).</summary>
public sealed class DemoSignals
{
    private readonly ConcurrentDictionary<string, double> _values = new(StringComparer.Ordinal);

    /// <summary>Raised with the source name after a value was set.</summary>
    public event Action<string>? Changed;

    /// <summary>Every source and its value.</summary>
    public IReadOnlyDictionary<string, double> Values => new SortedDictionary<string, double>(_values, StringComparer.Ordinal);

    /// <summary>The value of <paramref name="source"/> (0 when never set).</summary>
    public double Get(string source) => _values.GetValueOrDefault(source);

    /// <summary>Sets the value of <paramref name="source"/> and wakes the objects that read it.</summary>
    public void Set(string source, double value)
    {
        _values[source] = value;
        Changed?.Invoke(source);
    }
}
