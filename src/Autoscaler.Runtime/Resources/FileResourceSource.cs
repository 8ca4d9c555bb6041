using Autoscaler.Configuration;
using Autoscaler.Runtime.Metrics;
using Autoscaler.Runtime.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Autoscaler.Runtime.Resources;

/// <summary>
/// Runs the YAML in the config folder. Loads it at start, then again whenever a file changes (file-system
/// notifications, and a periodic check in case they are missed). A broken edit keeps the last good version of the
/// objects it names running and reports the error; a file that does not parse keeps everything it held.
/// </summary>
public sealed class FileResourceSource : BackgroundService
{
    /// <summary>The owner name this source uses in the <see cref="ResourceStore"/>.</summary>
    public const string Owner = "files";

    private readonly ManifestLoader _loader;
    private readonly ResourceStore _store;
    private readonly ConfigStatus _status;
    private readonly AutoscalerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<FileResourceSource> _logger;
    private readonly AutoscalerOptions _options;
    private readonly string _path;
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(150);
    private readonly SemaphoreSlim _changed = new(0, 1);
    private Dictionary<string, List<LoadedResource>> _lastGood = new(StringComparer.Ordinal);
    private string _fingerprint = "";

    /// <summary>Creates the source.</summary>
    public FileResourceSource(ManifestLoader loader, ResourceStore store, ConfigStatus status, AutoscalerMetrics metrics, TimeProvider time, IOptions<AutoscalerOptions> options, ILogger<FileResourceSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _loader = loader;
        _store = store;
        _status = status;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _options = options.Value;
        _path = _options.ResolveConfigPath();
    }

    /// <summary>The folder or file being watched.</summary>
    public string Path => _path;

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The first load happens before the host reports started, so /readyz means "configuration loaded".
        Reload();
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.ReadConfigFolder)
        {
            return;
        }

        using var watcher = CreateWatcher();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var signalled = await _changed.WaitAsync(_options.ReloadInterval, stoppingToken).ConfigureAwait(false);
                if (signalled)
                {
                    // Editors and tools write files in several steps (truncate, then write): wait until the folder
                    // has been quiet for a moment, so a half-written file is never taken for an edit. This is
                    // file-system I/O timing, so it uses the wall clock, not the scaling clock.
                    while (await _changed.WaitAsync(Debounce, stoppingToken).ConfigureAwait(false))
                    {
                    }
                }

                // A change seen by polling alone gets the same grace: reload only once the files stopped changing.
                var seen = CurrentFingerprint(CurrentFiles());
                if (seen != _fingerprint)
                {
                    await Task.Delay(Debounce, stoppingToken).ConfigureAwait(false);
                    if (CurrentFingerprint(CurrentFiles()) != seen)
                    {
                        continue;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            Reload();
        }
    }

    /// <summary>Reloads if any file changed since the last load. Returns whether it reloaded.</summary>
    public bool Reload()
    {
        if (!_options.ReadConfigFolder)
        {
            _status.Set(_time.GetUtcNow(), [], []);
            return false;
        }

        var files = CurrentFiles();
        var fingerprint = CurrentFingerprint(files);
        if (fingerprint == _fingerprint && _status.Loaded)
        {
            return false;
        }

        _fingerprint = fingerprint;
        var errors = new List<ConfigError>();
        var kept = new List<ResourceKey>();
        var next = new Dictionary<string, List<LoadedResource>>(StringComparer.Ordinal);
        if (files.Count == 0 && !Directory.Exists(_path) && !File.Exists(_path))
        {
            errors.Add(new ConfigError(_path, 0, 0, "", "the configuration folder does not exist"));
        }

        foreach (var file in files)
        {
            var result = _loader.LoadFile(file);
            errors.AddRange(result.Errors);
            var previous = _lastGood.GetValueOrDefault(file) ?? [];
            if (result.UnparsableFiles.Count > 0)
            {
                next[file] = previous;
                kept.AddRange(previous.Select(r => r.Key));
                continue;
            }

            var resources = new List<LoadedResource>(result.Resources);
            foreach (var invalid in result.InvalidResources)
            {
                var lastGood = previous.FirstOrDefault(r => r.Key == invalid);
                if (lastGood is not null && !resources.Any(r => r.Key == invalid))
                {
                    resources.Add(lastGood);
                    kept.Add(invalid);
                }
            }

            next[file] = resources;
        }

        // Keep what a later broken edit needs (the resources), not where each field was written.
        _lastGood = next.ToDictionary(f => f.Key, f => f.Value.Select(r => r.SourceMap == SourceMap.Empty ? r : r with { SourceMap = SourceMap.Empty }).ToList(), StringComparer.Ordinal);
        foreach (var error in errors)
        {
            Log.ConfigError(_logger, error.ToString());
        }

        foreach (var key in kept)
        {
            Log.KeptLastGood(_logger, key.ToString());
        }

        var all = next.Values.SelectMany(r => r).ToList();
        var root = Directory.Exists(_path) ? _path : System.IO.Path.GetDirectoryName(_path) ?? "";
        _store.ReplaceAll(Owner, all.Select(r => (r.Resource, $"{System.IO.Path.GetRelativePath(root, r.File)}:{r.Position.Line}")));
        _status.Set(_time.GetUtcNow(), errors, kept);
        _metrics.ConfigErrors.Set(errors.Count);
        Log.ConfigLoaded(_logger, _path, all.Count, errors.Count);
        return true;
    }

    private static string CurrentFingerprint(List<string> files) =>
        string.Join("|", files.Select(f => $"{f}:{File.GetLastWriteTimeUtc(f).Ticks}:{new FileInfo(f).Length}"));

    private List<string> CurrentFiles()
    {
        if (File.Exists(_path))
        {
            return [_path];
        }

        return Directory.Exists(_path) ? [.. ManifestLoader.FindFiles(_path)] : [];
    }

    private FileSystemWatcher? CreateWatcher()
    {
        var folder = Directory.Exists(_path) ? _path : System.IO.Path.GetDirectoryName(_path);
        if (folder is null || !Directory.Exists(folder))
        {
            return null;
        }

        var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, EnableRaisingEvents = false };
        FileSystemEventHandler handler = (_, _) => Signal();
        watcher.Changed += handler;
        watcher.Created += handler;
        watcher.Deleted += handler;
        watcher.Renamed += (_, _) => Signal();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void Signal()
    {
        if (_changed.CurrentCount == 0)
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }
}
