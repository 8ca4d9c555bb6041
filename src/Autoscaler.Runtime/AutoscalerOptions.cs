using System.ComponentModel.DataAnnotations;

namespace Autoscaler.Runtime;

/// <summary>Settings of the service (section <c>Autoscaler</c>; environment variables <c>Autoscaler__ConfigPath</c> and so on).</summary>
public sealed class AutoscalerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Autoscaler";

    /// <summary>
    /// The folder (or file) of ScaledObject/ScaledJob/TriggerAuthentication YAML to run. When unset: <c>manifests/samples</c>
    /// in the current folder or the nearest folder above it that has one (so <c>dotnet run</c> from a clone runs the
    /// repository's samples), else the <c>samples</c> folder shipped beside the program.
    /// </summary>
    public string? ConfigPath { get; set; }

    /// <summary>How often the config folder is checked for changes, besides file-system notifications. The default is 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest one scaler read may take before it counts as failed. The default is 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Where secrets for <c>secretTargetRef</c> are read in embedded mode: <c>{SecretsPath}/{namespace}/{secret}/{key}</c>,
    /// the layout of a mounted Kubernetes Secret. The default is <c>secrets</c> under the current folder.
    /// </summary>
    public string SecretsPath { get; set; } = "secrets";

    /// <summary>
    /// Whether the config folder is read. The default is true; Kubernetes mode turns it off unless <see cref="ConfigPath"/>
    /// is set, so that the samples shipped beside the program never run against a cluster.
    /// </summary>
    public bool ReadConfigFolder { get; set; } = true;

    /// <summary>
    /// Where the service keeps what it learns in embedded mode: each predicted ScaledObject's demand history is saved
    /// to <c>{DataPath}/prediction/{namespace}/{name}.history</c> after every refit and at shutdown, and read back at
    /// start. Empty turns persistence off. The default is <c>data</c> under the current folder.
    /// </summary>
    public string DataPath { get; set; } = "data";

    /// <summary>Resolves <see cref="ConfigPath"/> as documented.</summary>
    public string ResolveConfigPath()
    {
        if (!string.IsNullOrWhiteSpace(ConfigPath))
        {
            return Path.GetFullPath(ConfigPath);
        }

        for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "manifests", "samples");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "samples");
    }
}
