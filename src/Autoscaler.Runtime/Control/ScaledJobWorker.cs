using Autoscaler.Actuation;
using Autoscaler.Engine;
using Autoscaler.Model;
using Autoscaler.Runtime.Resources;
using Autoscaler.Runtime.Status;

namespace Autoscaler.Runtime.Control;

/// <summary>Runs one ScaledJob: read its triggers, clean up Job history, create the Jobs the engine asks for.</summary>
internal sealed class ScaledJobWorker : ObjectWorker
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly ScaledJob _job;
    private DateTimeOffset? _lastActive;

    public ScaledJobWorker(StoredResource stored, WorkerServices services)
        : base(stored, services)
    {
        _job = (ScaledJob)stored.Resource;
    }

    protected override string TypeLabel => "scaledjob";

    protected override void CountError() => Services.Metrics.ScaledJobErrors.WithLabels(Namespace, Name).Inc();

    protected override async Task TurnAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var samples = await Scalers.ReadAsync(Services.Options.Value.ReadTimeout, cancellationToken).ConfigureAwait(false);
        var jobs = await Services.JobClient.ListJobsAsync(Namespace, Name, cancellationToken).ConfigureAwait(false);
        jobs = await CleanUpAsync(jobs, cancellationToken).ConfigureAwait(false);

        var running = jobs.Count(j => j.Phase is JobPhase.Pending or JobPhase.Running);
        var pending = jobs.Count(j => j.Phase is JobPhase.Pending);
        var decision = Services.JobEngine.Decide(new JobScaleInput(_job.Spec, samples, running, pending, now));
        if (decision.IsActive)
        {
            _lastActive = now;
        }

        for (var i = 0; i < decision.JobsToCreate; i++)
        {
            await Services.JobClient.CreateJobAsync(new JobRequest(Namespace, Name, _job.Spec.JobTargetRef!, NoEnvironment), cancellationToken).ConfigureAwait(false);
            Services.Metrics.JobsCreated.WithLabels(Namespace, Name).Inc();
        }

        if (decision.JobsToCreate > 0)
        {
            Log.JobsCreated(Logger, decision.JobsToCreate, Namespace, Name, decision.Message);
        }

        var triggers = RecordTriggers(samples, null, now);
        Services.Status.Set(Key, new ScaledJobStatus
        {
            Namespace = Namespace,
            Name = Name,
            Source = Stored.Source,
            MaxReplicas = _job.Spec.MaxReplicaCount,
            Strategy = _job.Spec.ScalingStrategy.Strategy,
            Triggers = triggers,
            RunningJobs = running + decision.JobsToCreate,
            PendingJobs = pending + decision.JobsToCreate,
            SucceededJobs = jobs.Count(j => j.Phase == JobPhase.Succeeded),
            FailedJobs = jobs.Count(j => j.Phase == JobPhase.Failed),
            LastCreated = decision.JobsToCreate,
            IsActive = decision.IsActive,
            LastActiveTime = _lastActive,
            LastDecisionTime = now,
            Message = decision.Message,
            Conditions =
            [
                samples.All(s => !s.HasFailed)
                    ? new StatusCondition("Ready", "True", "ScaledJobReady", "every trigger was read")
                    : new StatusCondition("Ready", "False", "TriggerError", string.Join("; ", samples.Where(s => s.HasFailed).Select(s => $"{s.Name}: {s.Error}"))),
                new StatusCondition("Active", decision.IsActive ? "True" : "False", decision.IsActive ? "ScalerActive" : "ScalerNotActive", decision.Message),
            ],
        });
    }

    /// <summary>Deletes the oldest finished Jobs beyond the history limits.</summary>
    private async Task<IReadOnlyList<JobInfo>> CleanUpAsync(IReadOnlyList<JobInfo> jobs, CancellationToken cancellationToken)
    {
        var doomed = Excess(jobs, JobPhase.Succeeded, _job.Spec.SuccessfulJobsHistoryLimit)
            .Concat(Excess(jobs, JobPhase.Failed, _job.Spec.FailedJobsHistoryLimit))
            .ToHashSet();
        foreach (var job in doomed)
        {
            await Services.JobClient.DeleteJobAsync(Namespace, job.Name, cancellationToken).ConfigureAwait(false);
        }

        return doomed.Count == 0 ? jobs : [.. jobs.Where(j => !doomed.Contains(j))];
    }

    private static IEnumerable<JobInfo> Excess(IReadOnlyList<JobInfo> jobs, JobPhase phase, int limit)
    {
        var finished = jobs.Where(j => j.Phase == phase).OrderBy(j => j.FinishedAt ?? j.CreatedAt).ToList();
        return finished.Take(Math.Max(0, finished.Count - limit));
    }
}
