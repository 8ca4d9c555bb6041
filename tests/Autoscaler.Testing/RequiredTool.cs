namespace Autoscaler.Testing;

/// <summary>
/// Finds an executable a test needs (a real server). A missing tool is a test failure with the fix in the message,
/// never a skip: <c>test.sh</c> installs every tool the suite needs.
/// </summary>
public static class RequiredTool
{
    /// <summary>The full path of <paramref name="name"/>: on PATH, or at one of <paramref name="candidates"/>.</summary>
    public static string Find(string name, params string[] candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var full = Path.Combine(dir, name);
            if (File.Exists(full))
            {
                return full;
            }
        }

        throw new InvalidOperationException(
            $"'{name}' is needed by this test and was not found (looked on PATH and at {string.Join(", ", candidates)}). Run ./test.sh, which installs it.");
    }
}
