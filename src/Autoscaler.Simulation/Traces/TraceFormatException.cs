namespace Autoscaler.Simulation.Traces;

/// <summary>A trace file that cannot be read: the file, the 1-based line and the reason.</summary>
public sealed class TraceFormatException : Exception
{
    /// <summary>Creates the error.</summary>
    public TraceFormatException(string file, int line, string reason)
        : base(line > 0 ? $"{file}:{line}: {reason}" : $"{file}: {reason}")
    {
        File = file;
        Line = line;
        Reason = reason;
    }

    /// <summary>Creates the error.</summary>
    public TraceFormatException() { File = ""; Reason = ""; }

    /// <summary>Creates the error.</summary>
    public TraceFormatException(string message) : base(message) { File = ""; Reason = message; }

    /// <summary>Creates the error.</summary>
    public TraceFormatException(string message, Exception inner) : base(message, inner) { File = ""; Reason = message; }

    /// <summary>The file.</summary>
    public string File { get; }

    /// <summary>The 1-based line, or 0 for the whole file.</summary>
    public int Line { get; }

    /// <summary>What is wrong.</summary>
    public string Reason { get; }
}
