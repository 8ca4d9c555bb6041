namespace Autoscaler.Configuration;

/// <summary>Where each field of a loaded document was written: field path → position.</summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, SourcePosition> _positions = new(StringComparer.Ordinal);

    /// <summary>An empty map (for objects that did not come from a file).</summary>
    public static SourceMap Empty { get; } = new();

    internal void Set(string path, SourcePosition position) => _positions.TryAdd(path, position);

    /// <summary>
    /// The position of <paramref name="path"/>, or of its nearest written parent (a missing required field is
    /// reported where its parent is); null when nothing on the path was written.
    /// </summary>
    public SourcePosition? Find(string path)
    {
        var current = path;
        while (true)
        {
            if (_positions.TryGetValue(current, out var position))
            {
                return position;
            }

            if (current.Length == 0)
            {
                return null;
            }

            current = Parent(current);
        }
    }

    private static string Parent(string path)
    {
        var dot = path.LastIndexOf('.');
        var bracket = path.LastIndexOf('[');
        var cut = Math.Max(dot, bracket);
        return cut <= 0 ? "" : path[..cut];
    }
}
