namespace Autoscaler.Configuration;

/// <summary>One configuration error: file, line, column, field path and reason.</summary>
/// <param name="File">The file (as given to the loader).</param>
/// <param name="Line">1-based line, or 0 when unknown.</param>
/// <param name="Column">1-based column, or 0 when unknown.</param>
/// <param name="Path">The field path, for example <c>spec.triggers[1].metadata.queueLength</c>; empty for the whole document.</param>
/// <param name="Message">The reason.</param>
public sealed record ConfigError(string File, int Line, int Column, string Path, string Message)
{
    /// <summary><c>file:line:column: path: message</c>, as compilers write it.</summary>
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        return Path.Length > 0 ? $"{where}: {Path}: {Message}" : $"{where}: {Message}";
    }
}
