namespace Autoscaler.Runtime.Status;

/// <summary>A Kubernetes-style condition.</summary>
/// <param name="Type"><c>Ready</c>, <c>Active</c>, <c>Fallback</c> or <c>Paused</c>.</param>
/// <param name="Status"><c>True</c>, <c>False</c> or <c>Unknown</c>.</param>
/// <param name="Reason">A CamelCase reason.</param>
/// <param name="Message">Words.</param>
public sealed record StatusCondition(string Type, string Status, string Reason, string Message);
