namespace Autoscaler.Model;

/// <summary>The API versions this project reads.</summary>
public static class ApiVersions
{
    /// <summary>Our group: <c>autoscaler.dev</c>.</summary>
    public const string Group = "autoscaler.dev";

    /// <summary>Our API version.</summary>
    public const string Autoscaler = "autoscaler.dev/v1alpha1";

    /// <summary>KEDA's API version, accepted unchanged.</summary>
    public const string Keda = "keda.sh/v1alpha1";

    /// <summary>Whether <paramref name="apiVersion"/> is one we read.</summary>
    public static bool IsSupported(string? apiVersion) =>
        apiVersion is Autoscaler or Keda;
}
