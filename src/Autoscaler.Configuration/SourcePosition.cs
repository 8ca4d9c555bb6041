namespace Autoscaler.Configuration;

/// <summary>A 1-based line and column in a source file.</summary>
/// <param name="Line">The line, from 1.</param>
/// <param name="Column">The column, from 1.</param>
public readonly record struct SourcePosition(int Line, int Column);
