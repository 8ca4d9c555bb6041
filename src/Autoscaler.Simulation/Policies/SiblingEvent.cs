using Autoscaler.Simulation.Traces;

namespace Autoscaler.Simulation.Policies;

/// <summary>
/// A sibling's step with demand, as the service's group registry would pass it on: the step's start, whether it is a
/// wake (the first active step, or one after an idle step), and when it becomes known (the sibling's first arrival in
/// the step plus one decision period: its own predictor records the step at its next decision).
/// </summary>
internal readonly record struct SiblingEvent(long KnownMs, long StepMs, string Sibling, bool Wake)
{
    /// <summary>The events of <paramref name="siblings"/>, ordered by when they become known.</summary>
    public static SiblingEvent[] From(IReadOnlyList<TraceSeries> siblings, long intervalMs, long stepMs, long periodMs)
    {
        var events = new List<SiblingEvent>();
        foreach (var sibling in siblings)
        {
            var lastActiveStep = long.MinValue;
            for (var m = 0; m < sibling.Requests.Length; m++)
            {
                if (!(sibling.Requests[m] > 0))
                {
                    continue;
                }

                // Demand is uniform within an interval: it touches every step the interval overlaps.
                var first = m * intervalMs / stepMs;
                var last = (((m + 1) * intervalMs) - 1) / stepMs;
                for (var step = Math.Max(first, lastActiveStep + 1); step <= last; step++)
                {
                    var arrival = Math.Max(step * stepMs, m * intervalMs);
                    events.Add(new SiblingEvent(arrival + periodMs, step * stepMs, sibling.Name, step > lastActiveStep + 1));
                    lastActiveStep = step;
                }
            }
        }

        events.Sort((a, b) => a.KnownMs != b.KnownMs ? a.KnownMs.CompareTo(b.KnownMs) : a.Wake.CompareTo(b.Wake));
        return [.. events];
    }
}
