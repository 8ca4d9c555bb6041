namespace Autoscaler.Actuation;

/// <summary>One Job created for a ScaledJob.</summary>
/// <param name="Name">The Job's name.</param>
/// <param name="Phase">Its phase.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="FinishedAt">When it succeeded or failed, if it has.</param>
public sealed record JobInfo(string Name, JobPhase Phase, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);
