namespace Autoscaler.Prediction.History;

/// <summary>
/// The demand of one object at a fixed step, in a bounded ring: the most recent <see cref="Capacity"/> steps at full
/// resolution, older steps averaged into a coarse ring of <see cref="CoarseCapacity"/> buckets of
/// <see cref="CoarseFactor"/> steps each. Steps with no sample (gaps, outages, failed reads) are stored as missing
/// (<see cref="double.NaN"/>), never as zero demand. Buckets are aligned to the Unix epoch, so two histories with the
/// same step agree on bucket boundaries. Not thread-safe: one owner writes it.
/// </summary>
public sealed class DemandHistory
{
    private readonly double[] _values;
    private readonly double[] _coarse;
    private long _lastIndex = long.MinValue;
    private int _count;
    private double _currentSum;
    private int _currentSamples;
    private long _coarseLastIndex = long.MinValue;
    private int _coarseCount;
    private double _pendingSum;
    private int _pendingValues;
    private int _pendingSteps;

    /// <summary>A history with the given step and retention at full resolution.</summary>
    /// <param name="step">The step: from 1 second to 1 hour (the predictor uses 10 to 60 seconds).</param>
    /// <param name="retention">How much full-resolution history to keep (at least 2 steps). Older data is averaged
    /// into coarse buckets of <paramref name="coarseFactor"/> steps, kept for 4 × the retention.</param>
    /// <param name="coarseFactor">Steps per coarse bucket, at least 2. The default is 15.</param>
    public DemandHistory(TimeSpan step, TimeSpan retention, int coarseFactor = 15)
    {
        if (step < TimeSpan.FromSeconds(1) || step > TimeSpan.FromHours(1) || step.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "must be a whole number of seconds from 1 s to 1 h");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(coarseFactor, 2);
        var capacity = (int)Math.Min(int.MaxValue / 2, retention.Ticks / step.Ticks);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2, nameof(retention));
        Step = step;
        CoarseFactor = coarseFactor;
        _values = new double[capacity];
        _coarse = new double[Math.Max(2, capacity * 4 / coarseFactor)];
    }

    /// <summary>The step.</summary>
    public TimeSpan Step { get; }

    /// <summary>Full-resolution steps kept.</summary>
    public int Capacity => _values.Length;

    /// <summary>Steps per coarse bucket.</summary>
    public int CoarseFactor { get; }

    /// <summary>Coarse buckets kept.</summary>
    public int CoarseCapacity => _coarse.Length;

    /// <summary>Full-resolution steps held (the newest one may still be filling).</summary>
    public int Count => _count;

    /// <summary>Coarse buckets held.</summary>
    public int CoarseCount => _coarseCount;

    /// <summary>Whether nothing has been recorded.</summary>
    public bool IsEmpty => _count == 0;

    /// <summary>The start of the newest step; null when empty.</summary>
    public DateTimeOffset? LastStepStart => _count == 0 ? null : StartOf(_lastIndex);

    /// <summary>The start of the oldest full-resolution step; null when empty.</summary>
    public DateTimeOffset? FirstStepStart => _count == 0 ? null : StartOf(_lastIndex - _count + 1);

    /// <summary>Step values (missing ones included) held that have a value.</summary>
    public int ObservedCount
    {
        get
        {
            var n = 0;
            for (var i = 0; i < _count; i++)
            {
                if (!double.IsNaN(At(i)))
                {
                    n++;
                }
            }

            return n;
        }
    }

    internal long LastIndex => _lastIndex;

    internal long CoarseLastIndex => _coarseLastIndex;

    /// <summary>The bucket index of a time: whole steps since the Unix epoch.</summary>
    public long IndexOf(DateTimeOffset time) => FloorDiv((time - DateTimeOffset.UnixEpoch).Ticks, Step.Ticks);

    /// <summary>The start of a bucket.</summary>
    public DateTimeOffset StartOf(long index) => DateTimeOffset.UnixEpoch + TimeSpan.FromTicks(index * Step.Ticks);

    /// <summary>
    /// Records a sample of demand at <paramref name="time"/>. Samples in the same step are averaged. A later step
    /// closes the earlier ones; steps skipped over are missing. A sample older than the newest step is ignored (the
    /// history only moves forward), as is a non-finite or negative value.
    /// </summary>
    /// <returns>The number of steps that this sample closed (0 when it fell into the current step).</returns>
    public int Record(DateTimeOffset time, double value)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            return 0;
        }

        var index = IndexOf(time);
        var closed = AdvanceTo(index);
        if (index != _lastIndex)
        {
            return closed;
        }

        _currentSum += value;
        _currentSamples++;
        _values[Slot(_count - 1)] = _currentSum / _currentSamples;
        return closed;
    }

    /// <summary>
    /// Moves the history to the step of <paramref name="time"/> without a value: the steps up to it stay missing
    /// (an outage or a failed read is not zero demand).
    /// </summary>
    /// <returns>The number of steps closed.</returns>
    public int MarkMissing(DateTimeOffset time) => AdvanceTo(IndexOf(time));

    /// <summary>The value of the i-th held step, oldest first (NaN when missing).</summary>
    public double At(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, _count);
        return _values[Slot(i)];
    }

    /// <summary>The full-resolution values, oldest first (NaN where missing).</summary>
    public double[] ToArray()
    {
        var result = new double[_count];
        CopyTo(result);
        return result;
    }

    /// <summary>Copies the newest <c>destination.Length</c> values (or all, when fewer) to the end of <paramref name="destination"/>, oldest first; returns how many.</summary>
    public int CopyTo(Span<double> destination)
    {
        var n = Math.Min(destination.Length, _count);
        var offset = destination.Length - n;
        for (var i = 0; i < n; i++)
        {
            destination[offset + i] = _values[Slot(_count - n + i)];
        }

        return n;
    }

    /// <summary>The coarse values, oldest first (each the mean of the observed steps in its bucket, NaN when none).</summary>
    public double[] CoarseToArray()
    {
        var result = new double[_coarseCount];
        for (var i = 0; i < _coarseCount; i++)
        {
            result[i] = _coarse[CoarseSlot(i)];
        }

        return result;
    }

    /// <summary>The index of the current (open) step: the newest one recorded.</summary>
    internal long LastIndexOpen => _lastIndex;

    /// <summary>The mean of the samples recorded so far in the current (open) step, or NaN when it has none.</summary>
    internal double CurrentMean => _count > 0 && _currentSamples > 0 ? _currentSum / _currentSamples : double.NaN;

    /// <summary>The value of the newest closed step (the one before the current), or NaN.</summary>
    internal double LastClosed => _count >= 2 ? _values[Slot(_count - 2)] : double.NaN;

    /// <summary>Restores the raw state (persistence).</summary>
    internal void Restore(long lastIndex, ReadOnlySpan<double> values, long coarseLastIndex, ReadOnlySpan<double> coarse)
    {
        _start = 0;
        _coarseStart = 0;
        var n = Math.Min(values.Length, _values.Length);
        values[^n..].CopyTo(_values);
        _count = n;
        _lastIndex = n == 0 ? long.MinValue : lastIndex;
        var last = n == 0 ? double.NaN : _values[n - 1];
        _currentSum = double.IsNaN(last) ? 0 : last;
        _currentSamples = double.IsNaN(last) ? 0 : 1;
        var c = Math.Min(coarse.Length, _coarse.Length);
        coarse[^c..].CopyTo(_coarse);
        _coarseCount = c;
        _coarseLastIndex = c == 0 ? long.MinValue : coarseLastIndex;
    }

    private int AdvanceTo(long index)
    {
        if (_count == 0)
        {
            _lastIndex = index;
            _count = 1;
            _values[0] = double.NaN;
            _currentSum = 0;
            _currentSamples = 0;
            return 0;
        }

        if (index <= _lastIndex)
        {
            return 0;
        }

        var gap = index - _lastIndex;
        if (gap > _values.Length + (long)_coarse.Length * CoarseFactor)
        {
            // Everything held is older than the whole retention: start over.
            _count = 0;
            _coarseCount = 0;
            _pendingSteps = 0;
            _pendingSum = 0;
            _pendingValues = 0;
            AdvanceTo(index);
            return (int)Math.Min(int.MaxValue, gap);
        }

        for (long i = 0; i < gap; i++)
        {
            Push(double.NaN);
        }

        _lastIndex = index;
        _currentSum = 0;
        _currentSamples = 0;
        return (int)gap;
    }

    private void Push(double value)
    {
        if (_count == _values.Length)
        {
            Evict(_values[Slot(0)], _lastIndex - _count + 1);
            _start = (_start + 1) % _values.Length;
            _count--;
        }

        _values[Slot(_count)] = value;
        _count++;
    }

    private int _start;

    private int Slot(int i) => (_start + i) % _values.Length;

    private int _coarseStart;

    private int CoarseSlot(int i) => (_coarseStart + i) % _coarse.Length;

    private void Evict(double value, long index)
    {
        if (!double.IsNaN(value))
        {
            _pendingSum += value;
            _pendingValues++;
        }

        _pendingSteps++;
        var bucket = FloorDiv(index, CoarseFactor);
        if (FloorDiv(index + 1, CoarseFactor) == bucket)
        {
            return;
        }

        var mean = _pendingValues == 0 ? double.NaN : _pendingSum / _pendingValues;
        if (_coarseCount == _coarse.Length)
        {
            _coarseStart = (_coarseStart + 1) % _coarse.Length;
            _coarseCount--;
        }

        if (_coarseCount > 0)
        {
            for (var missing = _coarseLastIndex + 1; missing < bucket && _coarseCount < _coarse.Length; missing++)
            {
                _coarse[CoarseSlot(_coarseCount++)] = double.NaN;
            }
        }

        if (_coarseCount == _coarse.Length)
        {
            _coarseStart = (_coarseStart + 1) % _coarse.Length;
            _coarseCount--;
        }

        _coarse[CoarseSlot(_coarseCount++)] = mean;
        _coarseLastIndex = bucket;
        _pendingSum = 0;
        _pendingValues = 0;
        _pendingSteps = 0;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : ((a + 1) / b) - 1;
}
