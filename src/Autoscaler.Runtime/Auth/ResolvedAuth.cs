namespace Autoscaler.Runtime.Auth;

/// <summary>What a trigger's authentication reference resolved to.</summary>
/// <param name="Parameters">Parameter name → value. Secret: never logged or shown.</param>
/// <param name="Environment">Environment variables the scaler may read through <c>...FromEnv</c> fields.</param>
public sealed record ResolvedAuth(IReadOnlyDictionary<string, string> Parameters, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Nothing resolved.</summary>
    public static ResolvedAuth Empty { get; } = new(new Dictionary<string, string>(), new Dictionary<string, string>());
}
