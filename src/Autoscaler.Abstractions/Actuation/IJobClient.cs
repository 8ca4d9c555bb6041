namespace Autoscaler.Actuation;

/// <summary>Creates, lists and deletes the Jobs of ScaledJobs. Part of the actuator.</summary>
public interface IJobClient
{
    /// <summary>Creates one Job.</summary>
    ValueTask<JobInfo> CreateJobAsync(JobRequest request, CancellationToken cancellationToken);

    /// <summary>Lists the Jobs created for one ScaledJob, oldest first.</summary>
    ValueTask<IReadOnlyList<JobInfo>> ListJobsAsync(string targetNamespace, string scaledJobName, CancellationToken cancellationToken);

    /// <summary>Deletes a Job and its pods. Deleting a Job that is gone is not an error.</summary>
    ValueTask DeleteJobAsync(string targetNamespace, string jobName, CancellationToken cancellationToken);
}
