using Autoscaler.Model;
using Autoscaler.Prediction;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Autoscaler.Runtime.Prediction;

/// <summary>
/// The per-object predictors, kept across spec edits (a new worker gets the same predictor while the prediction
/// options stay the same) and saved to <see cref="AutoscalerOptions.DataPath"/> at shutdown; members of one prediction
/// group (<c>spec.prediction.group</c>, per namespace) share a <see cref="PredictionGroups"/> board. Thread-safe.
/// </summary>
internal sealed class PredictorStore : IDisposable
{
    private readonly Dictionary<string, ObjectPredictor> _predictors = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly PredictionGroups _groups = new();
    private readonly IOptions<AutoscalerOptions> _options;
    private readonly ILogger _logger;

    public PredictorStore(IOptions<AutoscalerOptions> options, ILoggerFactory loggerFactory)
    {
        _options = options;
        _logger = loggerFactory.CreateLogger("Autoscaler.Prediction");
    }

    /// <summary>The predictor of <paramref name="scaledObject"/>; null when its <c>spec.prediction</c> is absent or Off.</summary>
    public ObjectPredictor? Get(ScaledObject scaledObject)
    {
        ArgumentNullException.ThrowIfNull(scaledObject);
        var key = $"{scaledObject.Metadata.Namespace}/{scaledObject.Metadata.Name}";
        if (scaledObject.Spec.Prediction is not { } spec || spec.Mode == PredictionSpec.ModeOff)
        {
            lock (_lock)
            {
                _predictors.Remove(key);
            }

            return null;
        }

        var options = PredictorOptions.FromSpec(spec, scaledObject.Spec.PollingInterval);
        lock (_lock)
        {
            if (_predictors.TryGetValue(key, out var existing) && existing.Options == options)
            {
                return existing;
            }

            existing?.Save();
            var created = new ObjectPredictor(scaledObject.Metadata.Namespace, scaledObject.Metadata.Name, options, PathOf(scaledObject.Metadata), _logger, _groups);
            _predictors[key] = created;
            return created;
        }
    }

    /// <summary>Saves every history.</summary>
    public void SaveAll()
    {
        List<ObjectPredictor> all;
        lock (_lock)
        {
            all = [.. _predictors.Values];
        }

        foreach (var predictor in all)
        {
            lock (predictor)
            {
                predictor.Save();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => SaveAll();

    private string? PathOf(ObjectMeta meta)
    {
        var root = _options.Value.DataPath;
        return string.IsNullOrWhiteSpace(root) ? null : Path.GetFullPath(Path.Combine(root, "prediction", meta.Namespace, meta.Name + ".history"));
    }
}
