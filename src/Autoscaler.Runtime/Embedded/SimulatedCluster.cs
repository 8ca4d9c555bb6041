using System.Text.Json.Nodes;
using Autoscaler.Actuation;
using Microsoft.Extensions.Options;

namespace Autoscaler.Runtime.Embedded;

/// <summary>
/// The embedded simulated cluster: Deployments, StatefulSets (any scale target) and Jobs with replica counts,
/// used when no Kubernetes cluster is configured. A requested pod becomes ready <see cref="SimulatedClusterOptions.ColdStart"/>
/// after it was requested; a Job runs for <see cref="SimulatedClusterOptions.JobDuration"/> once its pod is ready.
/// Everything is computed from the injected clock, so it is deterministic under a fake one. Placement is recorded:
/// the profile a workload's pods run on, and burst Deployments (created and deleted as on a cluster).
/// </summary>
public sealed class SimulatedCluster : IScaleClient, IJobClient, IWorkloadPlacement
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ScaleTargetKey, Workload> _workloads = [];
    private readonly Dictionary<(string Namespace, string ScaledJob), List<SimulatedJob>> _jobs = [];
    private readonly TimeProvider _time;
    private readonly SimulatedClusterOptions _options;
    private long _jobCounter;

    /// <summary>Creates the cluster.</summary>
    public SimulatedCluster(TimeProvider time, IOptions<SimulatedClusterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _options = options.Value;
    }

    /// <summary>Creates (or resets) a workload with <paramref name="replicas"/> ready pods.</summary>
    public void AddWorkload(ScaleTargetKey target, int replicas)
    {
        ArgumentNullException.ThrowIfNull(target);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var workload = new Workload();
            for (var i = 0; i < replicas; i++)
            {
                workload.PodRequested.Add(now - _options.ColdStart);
            }

            workload.Desired = replicas;
            _workloads[target] = workload;
        }
    }

    /// <summary>Removes a workload.</summary>
    public bool RemoveWorkload(ScaleTargetKey target)
    {
        lock (_lock)
        {
            return _workloads.Remove(target);
        }
    }

    /// <summary>A snapshot of every workload, sorted.</summary>
    public IReadOnlyList<SimulatedWorkload> Workloads()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            return [.. _workloads
                .Select(w => new SimulatedWorkload(w.Key, w.Value.Desired, w.Value.PodRequested.Count, Ready(w.Value, now), w.Value.LastScaleTime)
                {
                    Profile = w.Value.Profile,
                    BurstOf = w.Value.BurstOf,
                })
                .OrderBy(w => w.Target.Namespace, StringComparer.Ordinal)
                .ThenBy(w => w.Target.Name, StringComparer.Ordinal)];
        }
    }

    /// <inheritdoc />
    public ValueTask<ScaleTargetState> GetScaleAsync(ScaleTargetKey target, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            return ValueTask.FromResult(State(GetOrCreate(target), now));
        }
    }

    /// <inheritdoc />
    public ValueTask<ScaleTargetState> SetReplicasAsync(ScaleTargetKey target, int replicas, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var workload = GetOrCreate(target);
            if (workload.Desired != replicas)
            {
                workload.LastScaleTime = now;
            }

            workload.Desired = replicas;
            while (workload.PodRequested.Count < replicas)
            {
                workload.PodRequested.Add(now);
            }

            // Scale in removes the youngest pods first (those still starting go before ready ones).
            while (workload.PodRequested.Count > replicas)
            {
                workload.PodRequested.RemoveAt(workload.PodRequested.Count - 1);
            }

            return ValueTask.FromResult(State(workload, now));
        }
    }

    /// <inheritdoc />
    public ValueTask<JobInfo> CreateJobAsync(JobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var key = (request.Namespace, request.ScaledJobName);
            if (!_jobs.TryGetValue(key, out var list))
            {
                list = [];
                _jobs[key] = list;
            }

            var name = $"{request.ScaledJobName}-{++_jobCounter:x5}";
            var job = new SimulatedJob(name, now, request.JobSpec.DeepClone().AsObject(), request.Environment);
            list.Add(job);
            return ValueTask.FromResult(Info(job, now));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<JobInfo>> ListJobsAsync(string targetNamespace, string scaledJobName, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            IReadOnlyList<JobInfo> jobs = _jobs.TryGetValue((targetNamespace, scaledJobName), out var list)
                ? [.. list.Select(j => Info(j, now))]
                : [];
            return ValueTask.FromResult(jobs);
        }
    }

    /// <inheritdoc />
    public ValueTask DeleteJobAsync(string targetNamespace, string jobName, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var ((ns, _), list) in _jobs)
            {
                if (ns == targetNamespace)
                {
                    list.RemoveAll(j => j.Name == jobName);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ApplyProfileAsync(ScaleTargetKey target, string profile, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            GetOrCreate(target).Profile = profile;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask EnsureBurstAsync(BurstRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            GetOrCreate(request.Target);
            if (!_workloads.TryGetValue(request.Burst, out var burst))
            {
                burst = new Workload();
                _workloads[request.Burst] = burst;
            }

            burst.Profile = request.Profile;
            burst.BurstOf = request.Target.Name;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DeleteBurstAsync(BurstRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            _workloads.Remove(request.Burst);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The environment a created Job was given (for tests and the dashboard).</summary>
    public IReadOnlyDictionary<string, string>? JobEnvironment(string targetNamespace, string jobName)
    {
        lock (_lock)
        {
            return _jobs.Where(j => j.Key.Namespace == targetNamespace)
                .SelectMany(j => j.Value)
                .FirstOrDefault(j => j.Name == jobName)?.Environment;
        }
    }

    private Workload GetOrCreate(ScaleTargetKey target)
    {
        if (_workloads.TryGetValue(target, out var workload))
        {
            return workload;
        }

        if (!_options.AutoCreateTargets)
        {
            throw new ScaleTargetNotFoundException($"{target.Kind.ToLowerInvariant()}s \"{target.Name}\" not found in namespace \"{target.Namespace}\"");
        }

        workload = new Workload();
        _workloads[target] = workload;
        return workload;
    }

    private ScaleTargetState State(Workload workload, DateTimeOffset now) =>
        new(workload.Desired, workload.PodRequested.Count, Ready(workload, now));

    private int Ready(Workload workload, DateTimeOffset now) =>
        workload.PodRequested.Count(requested => now - requested >= _options.ColdStart);

    private JobInfo Info(SimulatedJob job, DateTimeOffset now)
    {
        var started = job.CreatedAt + _options.ColdStart;
        var finished = started + _options.JobDuration;
        var phase = now < started ? JobPhase.Pending : now < finished ? JobPhase.Running : JobPhase.Succeeded;
        return new JobInfo(job.Name, phase, job.CreatedAt, phase == JobPhase.Succeeded ? finished : null);
    }

    private sealed class Workload
    {
        public int Desired { get; set; }

        public List<DateTimeOffset> PodRequested { get; } = [];

        public DateTimeOffset? LastScaleTime { get; set; }

        public string? Profile { get; set; }

        public string? BurstOf { get; set; }
    }

    private sealed record SimulatedJob(string Name, DateTimeOffset CreatedAt, JsonObject Spec, IReadOnlyDictionary<string, string> Environment);
}
