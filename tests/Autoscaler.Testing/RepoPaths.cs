namespace Autoscaler.Testing;

/// <summary>Where things are: the repository root, the shared traces, the tools that test.sh installs.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The repository root (the folder with Autoscaler.sln).</summary>
    public static string Root => RootPath.Value;

    /// <summary>Tools installed by <c>test.sh</c> (npm packages and the like): <c>.tools</c> under the root, or <c>AUTOSCALER_TOOLS</c>.</summary>
    public static string Tools => Environment.GetEnvironmentVariable("AUTOSCALER_TOOLS") is { Length: > 0 } tools ? tools : Path.Combine(Root, ".tools");

    /// <summary>The shared traces: <c>AUTOSCALER_TRACES</c>, else <c>../shared/traces</c> beside the repository.</summary>
    public static string Traces => Environment.GetEnvironmentVariable("AUTOSCALER_TRACES") is { Length: > 0 } traces
        ? traces
        : Path.GetFullPath(Path.Combine(Root, "..", "shared", "traces"));

    /// <summary>Whether this run is CI (where a missing server or trace is a failure, never a skip).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A file under the root.</summary>
    public static string InRoot(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Autoscaler.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Autoscaler.sln not found above " + AppContext.BaseDirectory);
    }
}
