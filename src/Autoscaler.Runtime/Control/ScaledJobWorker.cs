using Autoscaler.Actuation;
using Autoscaler.Engine;
using Autoscaler.Events;
using Autoscaler.Model;
using Autoscaler.Runtime.Resources;
using Autoscaler.Runtime.Status;

namespace Autoscaler.Runtime.Control;

/// <summary>Runs one ScaledJob: read its triggers, clean up Job history, create the Jobs the engine asks for.</summary>
internal sealed class ScaledJobWorker : ObjectWorker
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly ScaledJob _job;
    private readonly System.Text.Json.Nodes.JsonObject _jobSpec;
    private readonly string? _profile;
    private DateTimeOffset? _lastActive;

    public ScaledJobWorker(StoredResource stored, WorkerServices services)
        : base(stored, services)
    {
        _job = (ScaledJob)stored.Resource;
        _profile = _job.Spec.Placement?.Profile;
        _jobSpec = _profile is not null && services.NodeProfiles is { } profiles
            ? Placement.PlacedJobSpec.For(_job.Spec.JobTargetRef!, profiles.Get(_profile))
            : _job.Spec.JobTargetRef!;
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

        // Triggers with one Job per event create their Jobs from their events below; the engine counts the others.
        var perEvent = Scalers.Slots.Select(s => s.Scaler).OfType<IEventScaler>().Where(s => s.OneJobPerEvent).ToList();
        var counted = perEvent.Count == 0 ? samples : [.. samples.Where(s => Scalers.Slots[s.Index].Scaler is not IEventScaler { OneJobPerEvent: true })];
        var decision = Services.JobEngine.Decide(new JobScaleInput(_job.Spec, counted, running, pending, now));
        for (var i = 0; i < decision.JobsToCreate; i++)
        {
            await Services.JobClient.CreateJobAsync(new JobRequest(Namespace, Name, _jobSpec, NoEnvironment) { Profile = _profile }, cancellationToken).ConfigureAwait(false);
            Services.Metrics.JobsCreated.WithLabels(Namespace, Name).Inc();
        }

        var eventJobs = await CreateEventJobsAsync(perEvent, _job.Spec.MaxReplicaCount - running - decision.JobsToCreate, cancellationToken).ConfigureAwait(false);
        if (eventJobs > 0)
        {
            decision = decision with { JobsToCreate = decision.JobsToCreate + eventJobs, IsActive = true, Message = $"{decision.Message}; {eventJobs} Job(s) for events" };
        }

        if (decision.IsActive || samples.Any(s => s.IsActive))
        {
            _lastActive = now;
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

    /// <summary>One Job per waiting event, oldest first, up to <paramref name="room"/> (what maxReplicaCount leaves).</summary>
    private async Task<int> CreateEventJobsAsync(List<IEventScaler> sources, int room, CancellationToken cancellationToken)
    {
        var created = 0;
        foreach (var source in sources)
        {
            while (created < room && source.TryTakeJobEvent(out var pushEvent))
            {
                try
                {
                    await Services.JobClient.CreateJobAsync(new JobRequest(Namespace, Name, _jobSpec, pushEvent.Environment) { Profile = _profile }, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    source.ReturnJobEvent(pushEvent);
                    throw;
                }

                await source.CompleteJobEventAsync(pushEvent, cancellationToken).ConfigureAwait(false);
                Services.Metrics.JobsCreated.WithLabels(Namespace, Name).Inc();
                created++;
            }
        }

        return created;
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
