using System.Globalization;
using Autoscaler.Prediction.Forecasting;
using Autoscaler.Prediction.Sparse;

namespace Autoscaler.Prediction.Group;

/// <summary>
/// What one object learns from the other members of its group (<c>spec.prediction.group</c>): objects that wake
/// together, like the functions of one application. Two rules, both learned from the object's own arrivals:
/// <list type="bullet">
/// <item><b>Pre-warm on a sibling's wake.</b> A sibling's wake (its demand starting after at least one idle step)
/// that comes while this object is cold (idle, and outside its own keep-alive) opens a trial for that sibling. The
/// trial is a hit, with a lag, when this object's own demand starts before that sibling wakes again (and within the
/// idle-time histogram's range); otherwise a miss. Per sibling the model keeps the hit probability (the Beta(1, 1)
/// posterior mean of hits over trials) and the newest hit lags. On a new wake of that sibling it pre-warms over the
/// widest lag window [shortest lag − L, a longer lag + one step) that still pays the product's price for a warm
/// replica: the probability that the arrival falls in the window, per (L + grace) of warm time, at least the
/// scale-to-zero threshold (the same rule that keeps a replica up when demand within L + grace is likely). A sibling
/// whose wakes are rarely followed by this object's demand (an always-busy one, or an unrelated one) learns a low hit
/// probability and triggers nothing.</item>
/// <item><b>The group asleep.</b> At each own wake the time since the group was last active is recorded. Once enough
/// are known (as many as the idle-time histogram needs), the own keep-alive is cut while the group has been quiet for
/// longer than the 99 % upper bound of those times (the same exponential bound the keep-alive uses): an object that has
/// only ever woken while its group was awake does not hold a replica through the group's sleep. An object whose
/// arrivals do not follow its group learns large times and is never cut.</item>
/// </list>
/// Pure: times are arguments. Memory is bounded (<see cref="MaxSiblings"/> siblings, <see cref="LagsKept"/> lags
/// each). Not thread-safe: the owner's predictor calls it.
/// </summary>
public sealed class GroupWakeModel
{
    /// <summary>Siblings tracked; wakes of further siblings are ignored. 64.</summary>
    public const int MaxSiblings = 64;

    /// <summary>Hit lags kept per sibling (the newest). 16.</summary>
    public const int LagsKept = 16;

    /// <summary>Times since the group's last activity kept (the newest own wakes). 32.</summary>
    public const int RecencyKept = 32;

    private static readonly TimeSpan Range = TimeSpan.FromMinutes(IdleTimeHistogram.Bins);
    private readonly Dictionary<string, Sibling> _siblings = new(StringComparer.Ordinal);
    private readonly RatioWindow _recency = new(RecencyKept);
    private readonly TimeSpan _step;
    private DateTimeOffset? _groupActiveUntil;

    /// <summary>A model for an object whose history step is <paramref name="step"/>.</summary>
    public GroupWakeModel(TimeSpan step) => _step = step;

    /// <summary>The siblings seen.</summary>
    public int Siblings => _siblings.Count;

    /// <summary>Approximate bytes held.</summary>
    public long Bytes => 512 + (_recency.Bytes) + (_siblings.Count * (128L + (LagsKept * sizeof(double))));

    /// <summary>The end of the newest step in which a sibling was active; null before any.</summary>
    public DateTimeOffset? GroupActiveUntil => _groupActiveUntil;

    /// <summary>
    /// A sibling had demand in the step starting at <paramref name="stepStart"/> (the group is awake until the step's end).
    /// </summary>
    public void SiblingActive(DateTimeOffset stepStart)
    {
        var until = stepStart + _step;
        if (_groupActiveUntil is not { } known || until > known)
        {
            _groupActiveUntil = until;
        }
    }

    /// <summary>
    /// Sibling <paramref name="sibling"/> woke (its demand started after an idle step) in the step starting at
    /// <paramref name="at"/>. <paramref name="ownCold"/>: this object is idle and outside its own keep-alive, so a
    /// pre-warm would matter. <paramref name="ownWake"/>: the start of the step in which this object's newest activity
    /// began; an own wake in the same step as the sibling's counts as a hit with lag 0 (they came together).
    /// </summary>
    public void SiblingWoke(string sibling, DateTimeOffset at, DateTimeOffset? ownWake, bool ownCold)
    {
        ArgumentNullException.ThrowIfNull(sibling);
        SiblingActive(at);
        if (!_siblings.TryGetValue(sibling, out var s))
        {
            if (_siblings.Count >= MaxSiblings)
            {
                return;
            }

            s = new Sibling();
            _siblings[sibling] = s;
        }

        if (s.Pending is not null)
        {
            // Woke again before this object's demand came: the earlier wake was not followed by it.
            s.Resolve(null);
        }

        if (ownWake is { } own && own >= at && own - at < _step)
        {
            s.Resolve(TimeSpan.Zero);
        }
        else if (ownCold)
        {
            s.Pending = at;
        }
    }

    /// <summary>This object's own demand started (after an idle step, or for the first time) in the step starting at <paramref name="start"/>.</summary>
    public void OwnWoke(DateTimeOffset start)
    {
        foreach (var s in _siblings.Values)
        {
            if (s.Pending is { } at)
            {
                var lag = start - at;
                s.Resolve(lag < TimeSpan.Zero ? TimeSpan.Zero : lag <= Range ? lag : null);
            }
        }

        if (_groupActiveUntil is { } until)
        {
            // From the start of the group's last active step to the end of this one (at least one step: a wake in the
            // same step as the group's), so that the step's granularity is counted, not rounded away.
            _recency.Add(Math.Max(_step.TotalMinutes, (start + _step - (until - _step)).TotalMinutes));
        }
    }

    /// <summary>
    /// Whether the group's pattern says this object should be warm at <paramref name="now"/> (a sibling's wake whose
    /// learned lag window covers now), and whether the group is asleep (quiet for longer than this object's own wakes
    /// have ever followed it, by the learned bound). <paramref name="lead"/> is L and <paramref name="window"/> W (a
    /// pre-warm starts L before the shortest learned lag and lasts until one step plus W after the longest one it
    /// covers, since the demand of a step is seen at the next decision); <paramref name="grace"/> and
    /// <paramref name="threshold"/> are the scale-to-zero grace and threshold (the price of a warm replica).
    /// </summary>
    public GroupSignal Evaluate(DateTimeOffset now, TimeSpan lead, TimeSpan window, TimeSpan grace, double threshold)
    {
        string? reason = null;
        foreach (var (name, s) in _siblings)
        {
            if (s.Pending is not { } at)
            {
                continue;
            }

            var age = now - at;
            if (age > Range)
            {
                s.Resolve(null);
                continue;
            }

            if (s.Window(_step, lead, window, grace, threshold) is { } w && age >= w.From && age < w.Until)
            {
                reason ??= string.Create(CultureInfo.InvariantCulture,
                    $"group: sibling {name} woke {age.TotalMinutes:0.#} min ago; its wakes were followed by this object's demand with probability {w.HitProbability:0.##}: warm from {w.From.TotalMinutes:0.#} to {w.Until.TotalMinutes:0.#} min after such a wake");
            }
        }

        var asleep = false;
        if (_groupActiveUntil is { } until && _recency.Values.Length >= IdleTimeHistogram.MinSamples)
        {
            double sum = 0;
            foreach (var r in _recency.Values)
            {
                sum += r;
            }

            var n = _recency.Values.Length;
            var bound = TimeSpan.FromMinutes(sum * (Math.Pow(IdleTimeHistogram.KeepAliveMiss, -1.0 / n) - 1));
            asleep = now - (until - _step) >= bound;
        }

        return new GroupSignal(reason is not null, asleep, reason);
    }

    private sealed class Sibling
    {
        private readonly RatioWindow _lags = new(LagsKept);
        private double _trials;
        private double _hits;
        private LagWindow? _window;
        private TimeSpan _windowLead;
        private bool _dirty = true;

        public DateTimeOffset? Pending { get; set; }

        /// <summary>Ends a trial: a hit with its lag, or a miss (null).</summary>
        public void Resolve(TimeSpan? lag)
        {
            Pending = null;
            _trials++;
            if (lag is { } l)
            {
                _hits++;
                _lags.Add(l.TotalMinutes);
            }

            if (_trials > IdleTimeHistogram.AgingTotal)
            {
                _trials /= 2;
                _hits /= 2;
            }

            _dirty = true;
        }

        public LagWindow? Window(TimeSpan step, TimeSpan lead, TimeSpan window, TimeSpan grace, double threshold)
        {
            if (!_dirty && _windowLead == lead)
            {
                return _window;
            }

            _dirty = false;
            _windowLead = lead;
            _window = null;
            var n = _lags.Values.Length;
            if (n == 0)
            {
                return null;
            }

            Span<double> lags = stackalloc double[n];
            _lags.Values.CopyTo(lags);
            lags.Sort();
            var p = (_hits + 1) / (_trials + 2);
            var price = (lead + grace).TotalMinutes;
            var best = -1;
            for (var k = 0; k < n; k++)
            {
                var covered = p * (k + 1) / n;
                var warmMinutes = lags[k] - lags[0] + step.TotalMinutes + lead.TotalMinutes + window.TotalMinutes;
                if (covered * price / warmMinutes >= threshold)
                {
                    best = k;
                }
            }

            if (best >= 0)
            {
                _window = new LagWindow(TimeSpan.FromMinutes(lags[0]) - lead, TimeSpan.FromMinutes(lags[best]) + step + window, p);
            }

            return _window;
        }
    }

    private sealed record LagWindow(TimeSpan From, TimeSpan Until, double HitProbability);
}
