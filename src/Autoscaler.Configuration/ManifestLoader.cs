using Autoscaler.Model;
using Autoscaler.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Autoscaler.Configuration;

/// <summary>
/// Loads multi-document YAML files of ScaledObjects, ScaledJobs, TriggerAuthentications and
/// ClusterTriggerAuthentications, in our API version or KEDA's. Each document is bound strictly and validated;
/// an invalid document is reported and left out without stopping the valid ones beside it.
/// </summary>
public sealed class ManifestLoader
{
    private static readonly string[] Kinds =
        [ScaledObject.KindName, ScaledJob.KindName, TriggerAuthentication.KindName, TriggerAuthentication.ClusterKindName];

    private static readonly HashSet<string> Envelope = new(StringComparer.Ordinal) { "apiVersion", "kind" };
    private readonly ResourceValidator _validator;

    /// <summary>Creates a loader that validates with <paramref name="validator"/>.</summary>
    public ManifestLoader(ResourceValidator validator) => _validator = validator;

    /// <summary>The file extensions read from folders.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".yaml", ".yml"];

    /// <summary>Loads files and folders (folders: every .yaml/.yml below them, in name order).</summary>
    public ManifestLoadResult LoadPaths(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var result = new ManifestLoadResult();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in FindFiles(path))
                {
                    result.Add(LoadFile(file));
                }
            }
            else if (File.Exists(path))
            {
                result.Add(LoadFile(path));
            }
            else
            {
                result.Errors.Add(new ConfigError(path, 0, 0, "", "no such file or folder"));
            }
        }

        return result;
    }

    /// <summary>Every YAML file below <paramref name="folder"/>, sorted by path.</summary>
    public static IReadOnlyList<string> FindFiles(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)];

    /// <summary>Loads one file from disk.</summary>
    public ManifestLoadResult LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            var failed = new ManifestLoadResult();
            failed.Errors.Add(new ConfigError(path, 0, 0, "", "cannot read the file: " + e.Message));
            failed.UnparsableFiles.Add(path);
            return failed;
        }

        return Load(path, text);
    }

    /// <summary>Loads YAML text; <paramref name="file"/> names it in errors.</summary>
    public ManifestLoadResult Load(string file, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new ManifestLoadResult();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            result.Errors.Add(new ConfigError(file, (int)e.Start.Line, (int)e.Start.Column, "", "YAML syntax error: " + Inner(e)));
            result.UnparsableFiles.Add(file);
            return result;
        }

        foreach (var document in stream.Documents)
        {
            LoadDocument(file, document.RootNode, result);
        }

        return result;
    }

    private void LoadDocument(string file, YamlNode root, ManifestLoadResult result)
    {
        if (YamlModelBinder.IsNull(root))
        {
            return;
        }

        var start = YamlModelBinder.Position(root);
        if (root is not YamlMappingNode mapping)
        {
            result.Errors.Add(new ConfigError(file, start.Line, start.Column, "", "a document must be a mapping with apiVersion and kind"));
            return;
        }

        var apiVersion = Scalar(mapping, "apiVersion");
        var kind = Scalar(mapping, "kind");
        var isOurs = ApiVersions.IsSupported(apiVersion);
        if (!isOurs)
        {
            var group = apiVersion?.Split('/')[0];
            if (group is ApiVersions.Group or "keda.sh")
            {
                result.Errors.Add(Error(file, mapping, "apiVersion", start,
                    $"unsupported version '{apiVersion}'; use {ApiVersions.Autoscaler} (or {ApiVersions.Keda})"));
            }
            else if (apiVersion is null || kind is null)
            {
                result.Errors.Add(new ConfigError(file, start.Line, start.Column, apiVersion is null ? "apiVersion" : "kind", "is required"));
            }
            else
            {
                result.Skipped.Add($"{file}:{start.Line} {apiVersion} {kind}");
            }

            return;
        }

        Type? type = kind switch
        {
            ScaledObject.KindName => typeof(ScaledObject),
            ScaledJob.KindName => typeof(ScaledJob),
            TriggerAuthentication.KindName or TriggerAuthentication.ClusterKindName => typeof(TriggerAuthentication),
            _ => null,
        };
        if (type is null)
        {
            var message = kind is null
                ? "is required; one of " + string.Join(", ", Kinds)
                : $"unknown kind '{kind}'{NameSuggester.Hint(kind, Kinds)}; one of {string.Join(", ", Kinds)}";
            result.Errors.Add(Error(file, mapping, "kind", start, message));
            return;
        }

        var sourceMap = new SourceMap();
        var binder = new YamlModelBinder(sourceMap);
        var resource = (IResource)binder.Bind(mapping, type, "", Envelope);
        switch (resource)
        {
            case ScaledObject so:
                so.ApiVersion = apiVersion!;
                break;
            case ScaledJob sj:
                sj.ApiVersion = apiVersion!;
                break;
            case TriggerAuthentication ta:
                ta.ApiVersion = apiVersion!;
                ta.Kind = kind!;
                break;
        }

        var errorCount = result.Errors.Count;
        foreach (var (error, position) in binder.Errors)
        {
            result.Errors.Add(new ConfigError(file, position.Line, position.Column, error.Path, error.Message));
        }

        // Semantic rules run on a document that bound cleanly, and also on one that did not, so that a user
        // sees every problem at once; errors on fields that failed to bind are not repeated.
        var failedPaths = binder.Errors.Select(e => e.Error.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var error in _validator.Validate(resource))
        {
            if (failedPaths.Contains(error.Path))
            {
                continue;
            }

            var position = sourceMap.Find(error.Path) ?? start;
            result.Errors.Add(new ConfigError(file, position.Line, position.Column, error.Path, error.Message));
        }

        if (result.Errors.Count == errorCount)
        {
            result.Resources.Add(new LoadedResource(resource, file, start, sourceMap));
        }
        else if (!string.IsNullOrEmpty(resource.Metadata.Name))
        {
            result.InvalidResources.Add(ResourceKey.Of(resource));
        }
    }

    private static ConfigError Error(string file, YamlMappingNode mapping, string field, SourcePosition fallback, string message)
    {
        var position = fallback;
        foreach (var (key, _) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && name == field)
            {
                position = YamlModelBinder.Position(key);
            }
        }

        return new ConfigError(file, position.Line, position.Column, field, message);
    }

    private static string? Scalar(YamlMappingNode mapping, string key)
    {
        foreach (var (k, v) in mapping.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && name == key)
            {
                return (v as YamlScalarNode)?.Value;
            }
        }

        return null;
    }

    private static string Inner(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var paren = message.IndexOf("): ", StringComparison.Ordinal);
        return paren >= 0 && message.StartsWith('(') ? message[(paren + 3)..] : message;
    }
}
