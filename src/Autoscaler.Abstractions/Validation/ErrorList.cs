namespace Autoscaler.Validation;

/// <summary>Collects <see cref="FieldError"/>s under a path prefix, so nested validators write relative paths.</summary>
public sealed class ErrorList
{
    private readonly List<FieldError> _errors;
    private readonly string _prefix;

    /// <summary>A new, empty list.</summary>
    public ErrorList() : this([], "") { }

    private ErrorList(List<FieldError> errors, string prefix)
    {
        _errors = errors;
        _prefix = prefix;
    }

    /// <summary>All errors added through this list or any list made from it by <see cref="At"/>.</summary>
    public IReadOnlyList<FieldError> Errors => _errors;

    /// <summary>Whether nothing was added.</summary>
    public bool IsEmpty => _errors.Count == 0;

    /// <summary>A view that adds errors under <paramref name="segment"/> (a name, or <c>[i]</c> for an index).</summary>
    public ErrorList At(string segment) => new(_errors, Join(_prefix, segment));

    /// <summary>Adds an error at <paramref name="field"/> (relative to this list's prefix; empty for the prefix itself).</summary>
    public void Add(string field, string message) => _errors.Add(new FieldError(Join(_prefix, field), message));

    /// <summary>Joins two path parts: <c>a</c> + <c>b</c> → <c>a.b</c>; <c>a</c> + <c>[1]</c> → <c>a[1]</c>.</summary>
    public static string Join(string prefix, string segment)
    {
        if (segment.Length == 0)
        {
            return prefix;
        }

        if (prefix.Length == 0)
        {
            return segment;
        }

        return segment[0] == '[' ? prefix + segment : prefix + "." + segment;
    }
}
