using Autoscaler.Actuation;
using Autoscaler.Engine;
using Autoscaler.Prediction;
using Autoscaler.Prediction.History;
using Autoscaler.Prediction.LeadTime;
using Microsoft.Extensions.Logging;

namespace Autoscaler.Runtime.Prediction;

/// <summary>
/// One ScaledObject's predictor as the worker uses it: each turn it records the demand (the largest trigger value over
/// its per-replica target, missing when every read failed) and the time-to-ready of pods the actuator reports ready,
/// refits on the predictor's schedule (saving the history after each refit), and hands the engine the forecast.
/// Not thread-safe: the object's worker is its only caller.
/// </summary>
internal sealed class ObjectPredictor
{
    private readonly TimeToReadyTracker _readiness = new();
    private readonly string _namespace;
    private readonly string _name;
    private readonly string? _path;
    private readonly ILogger _logger;
    private readonly PredictionGroups? _groups;
    private readonly List<GroupEvent> _siblingEvents = [];
    private long _groupCursor;
    private DateTimeOffset? _postedStep;

    public ObjectPredictor(string ns, string name, PredictorOptions options, string? path, ILogger logger, PredictionGroups? groups = null)
    {
        _groups = options.Group is null ? null : groups;
        if (_groups is not null && options.Group is { } group)
        {
            // A member that joins (or is recreated after a spec edit) learns from what happens from now on, not from
            // old wakes it could not have answered.
            _groupCursor = _groups.End(ns, group);
        }

        _namespace = ns;
        _name = name;
        _path = path;
        _logger = logger;
        Options = options;
        DemandHistory? history = null;
        if (path is not null)
        {
            var loaded = HistorySerializer.Load(path, options.Step, options.History);
            if (loaded.Loaded)
            {
                history = loaded.History;
                Log.PredictionHistoryLoaded(logger, ns, name, path, history.Count);
            }
            else
            {
                Log.PredictionHistoryEmpty(logger, ns, name, loaded.Reason ?? "unknown");
            }
        }

        Predictor = new WorkloadPredictor(options, history);
    }

    /// <summary>The options (from <c>spec.prediction</c>).</summary>
    public PredictorOptions Options { get; }

    /// <summary>The predictor.</summary>
    public WorkloadPredictor Predictor { get; }

    /// <summary>Records this turn's observations, refits when due, and returns the engine's prediction input (null while there is no history).</summary>
    public PredictionInput? Prepare(DateTimeOffset now, IReadOnlyList<TriggerSample> samples, ScaleTargetState target)
    {
        foreach (var sample in _readiness.Observe(now, target.DesiredReplicas, target.ReadyReplicas))
        {
            Predictor.ObserveTimeToReady(sample);
        }

        ReadGroup();
        var wokeBefore = Predictor.LastWake;
        var demand = Demand(samples);

        // An arrival rate leaves unserved work out of the metric: the ready replicas let the predictor track it.
        Predictor.Observe(now, demand, Options.DrainBacklog ? target.ReadyReplicas : null);
        PostToGroup(now, demand, wokeBefore);
        if (Predictor.IsRefitDue(now))
        {
            Predictor.Refit(now);
            Log.PredictionRefitted(_logger, _namespace, _name, Predictor.Forecast(now).Reason);
            Save();
        }

        return Predictor.History.IsEmpty ? null : new PredictionInput(Predictor.Forecast(now), Options);
    }

    /// <summary>The siblings' wakes and activity posted since the last turn go to the predictor (before this turn's own demand).</summary>
    private void ReadGroup()
    {
        if (_groups is null || Options.Group is not { } group)
        {
            return;
        }

        _siblingEvents.Clear();
        _groupCursor = _groups.Read(_namespace, group, _name, _groupCursor, _siblingEvents);
        foreach (var e in _siblingEvents)
        {
            if (e.Wake)
            {
                Predictor.ObserveSiblingWake(e.Member, e.StepStart);
            }
            else
            {
                Predictor.ObserveSiblingActive(e.StepStart);
            }
        }
    }

    /// <summary>Posts this turn's demand to the group: a wake when the predictor saw one, else the step's activity once.</summary>
    private void PostToGroup(DateTimeOffset now, double? demand, DateTimeOffset? wokeBefore)
    {
        if (_groups is null || Options.Group is not { } group || demand is not > 0)
        {
            return;
        }

        var step = Predictor.History.StartOf(Predictor.History.IndexOf(now));
        var woke = Predictor.LastWake is { } wake && wake != wokeBefore;
        if (woke || _postedStep != step)
        {
            _groups.Post(_namespace, group, _name, step, woke);
            _postedStep = step;
        }
    }

    /// <summary>Records a replica change written to the target (the start of the new pods' time-to-ready).</summary>
    public void Scaled(DateTimeOffset now, int from, int to) => _readiness.Requested(now, from, to);

    /// <summary>Writes the history to its file (when persistence is on); a failure is logged, never thrown.</summary>
    public void Save()
    {
        if (_path is null)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            HistorySerializer.Save(Predictor.History, _path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            Log.PredictionHistoryNotSaved(_logger, _namespace, _name, _path, e.Message);
        }
    }

    /// <summary>Demand in replica units: the largest value over its per-replica target among the triggers read; null when none was read.</summary>
    internal static double? Demand(IReadOnlyList<TriggerSample> samples)
    {
        double? demand = null;
        foreach (var sample in samples)
        {
            if (sample is { HasFailed: false, Value: { } value, Metric: { Target: > 0 } metric } && double.IsFinite(value))
            {
                demand = Math.Max(demand ?? 0, Math.Max(0, value / metric.Target));
            }
        }

        return demand;
    }
}
