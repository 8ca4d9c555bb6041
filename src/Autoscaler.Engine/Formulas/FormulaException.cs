namespace Autoscaler.Engine.Formulas;

/// <summary>A scaling-modifier formula that does not parse: the message and the 1-based column where it went wrong.</summary>
public sealed class FormulaException : Exception
{
    /// <summary>Creates the error.</summary>
    public FormulaException(string message, int column)
        : base($"column {column}: {message}") => Column = column;

    /// <summary>Creates the error.</summary>
    public FormulaException() { }

    /// <summary>Creates the error.</summary>
    public FormulaException(string message) : base(message) { }

    /// <summary>Creates the error.</summary>
    public FormulaException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The 1-based column of the formula where the error is.</summary>
    public int Column { get; }
}
