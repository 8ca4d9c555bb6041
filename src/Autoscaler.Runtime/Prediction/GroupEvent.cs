namespace Autoscaler.Runtime.Prediction;

/// <summary>One member's step with demand, posted to its group (<see cref="PredictionGroups"/>).</summary>
/// <param name="Member">The member's name.</param>
/// <param name="StepStart">The start of the step in which it had demand.</param>
/// <param name="Wake">Whether its demand started in that step after an idle step (or for the first time).</param>
internal readonly record struct GroupEvent(string Member, DateTimeOffset StepStart, bool Wake);
