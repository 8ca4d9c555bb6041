using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Autoscaler.Kubernetes.Tests.WireFormat;

/// <summary>The exchanges recorded from kube-apiserver v1.28.7 (shared/kube), in recording order.</summary>
internal static partial class Recordings
{
    public static string Folder
    {
        get
        {
            if (Environment.GetEnvironmentVariable("AUTOSCALER_KUBE_RECORDINGS") is { Length: > 0 } configured)
            {
                return configured;
            }

            for (var dir = new DirectoryInfo(Autoscaler.Testing.RepoPaths.Root); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "kube");
                if (File.Exists(Path.Combine(candidate, "README.md")))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("shared/kube (the recorded exchanges) not found above " + Autoscaler.Testing.RepoPaths.Root + "; set AUTOSCALER_KUBE_RECORDINGS");
        }
    }

    /// <summary>File names in the order the README lists them (the recording order).</summary>
    public static IReadOnlyList<string> InOrder()
    {
        var readme = File.ReadAllText(Path.Combine(Folder, "README.md"));
        var files = FileLine().Matches(readme).Select(m => m.Groups[1].Value).Distinct().ToList();
        return files;
    }

    public static JsonObject Load(string file) => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, file)))!;

    [GeneratedRegex(@"^- `([a-z0-9-]+\.json)`", RegexOptions.Multiline)]
    private static partial Regex FileLine();
}
