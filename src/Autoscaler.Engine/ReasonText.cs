using System.Runtime.CompilerServices;

namespace Autoscaler.Engine;

/// <summary>
/// The reason text of a decision, written as an interpolated string (<c>context.Set(n, reason, $"...")</c>) and
/// formatted only when the decision explains itself (<see cref="ScaleInput.Explain"/>, true by default). When it does
/// not, the holes are not even evaluated: a replay that never reads the text pays nothing for it, and the replica
/// count, reason and state are the same either way. The text is formatted exactly as a plain interpolated string
/// would be (current culture).
/// </summary>
[InterpolatedStringHandler]
public ref struct ReasonText
{
    private DefaultInterpolatedStringHandler _text;
    private readonly bool _enabled;

    /// <summary>Starts a reason for <paramref name="context"/>; <paramref name="enabled"/> tells the compiler whether to format the holes.</summary>
    public ReasonText(int literalLength, int formattedCount, DecisionContext context, out bool enabled)
    {
        ArgumentNullException.ThrowIfNull(context);
        _enabled = enabled = context.Explain;
        _text = enabled ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    /// <summary>Appends literal text.</summary>
    public void AppendLiteral(string value) => _text.AppendLiteral(value);

    /// <summary>Appends a value.</summary>
    public void AppendFormatted<T>(T value) => _text.AppendFormatted(value);

    /// <summary>Appends a value with a format string.</summary>
    public void AppendFormatted<T>(T value, string? format) => _text.AppendFormatted(value, format);

    /// <summary>Appends a string.</summary>
    public void AppendFormatted(string? value) => _text.AppendFormatted(value);

    /// <summary>The formatted text; empty when the decision does not explain itself.</summary>
    public string ToStringAndClear() => _enabled ? _text.ToStringAndClear() : "";
}
