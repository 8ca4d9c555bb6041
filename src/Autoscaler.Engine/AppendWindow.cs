namespace Autoscaler.Engine;

/// <summary>
/// An immutable sequence that grows at the end and drops from the front, for the histories in <see cref="ScalerState"/>
/// (recommendations, Knative's one-second buckets). A value like <see cref="System.Collections.Immutable.ImmutableArray{T}"/>,
/// but appending to the newest window of a history writes into the buffer it shares with its predecessors, which
/// never see the new slot: a decision adds one entry without copying the history (a copy happens only when the buffer
/// is full, or when an older window is appended to a second time). Safe to use from several threads.
/// </summary>
/// <typeparam name="T">The entry type.</typeparam>
public readonly struct AppendWindow<T> : IEquatable<AppendWindow<T>>
{
    private readonly Buffer? _buffer;
    private readonly int _start;

    private AppendWindow(Buffer buffer, int start, int count)
    {
        _buffer = buffer;
        _start = start;
        Count = count;
    }

    /// <summary>The number of entries.</summary>
    public int Count { get; }

    /// <summary>Whether there are no entries.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The entry at <paramref name="index"/> (0 = oldest).</summary>
    public T this[int index] => AsSpan()[index];

    /// <summary>The entries, oldest first.</summary>
    public ReadOnlySpan<T> AsSpan() => _buffer is null ? [] : _buffer.Items.AsSpan(_start, Count);

    /// <summary>The entries, oldest first, for <c>foreach</c>.</summary>
    public ReadOnlySpan<T>.Enumerator GetEnumerator() => AsSpan().GetEnumerator();

    /// <summary>This window without its oldest <paramref name="count"/> entries (no copy).</summary>
    public AppendWindow<T> DropOldest(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return count == 0 || _buffer is null ? this : new AppendWindow<T>(_buffer, _start + Math.Min(count, Count), Math.Max(0, Count - count));
    }

    /// <summary>This window with <paramref name="item"/> added at the end; this window itself is unchanged.</summary>
    public AppendWindow<T> Append(T item)
    {
        var end = _start + Count;
        if (_buffer is { } buffer && end < buffer.Items.Length && Interlocked.CompareExchange(ref buffer.Used, end + 1, end) == end)
        {
            buffer.Items[end] = item;
            return new AppendWindow<T>(buffer, _start, Count + 1);
        }

        var grown = new Buffer(new T[Math.Max(16, 4 * (Count + 1))]);
        AsSpan().CopyTo(grown.Items);
        grown.Items[Count] = item;
        grown.Used = Count + 1;
        return new AppendWindow<T>(grown, 0, Count + 1);
    }

    /// <summary>This window with <paramref name="items"/> added at the end, in order (as many <see cref="Append"/> calls would, with one reservation of the buffer); this window itself is unchanged.</summary>
    public AppendWindow<T> AppendRange(ReadOnlySpan<T> items)
    {
        if (items.IsEmpty)
        {
            return this;
        }

        var end = _start + Count;
        if (_buffer is { } buffer && end + items.Length <= buffer.Items.Length && Interlocked.CompareExchange(ref buffer.Used, end + items.Length, end) == end)
        {
            items.CopyTo(buffer.Items.AsSpan(end));
            return new AppendWindow<T>(buffer, _start, Count + items.Length);
        }

        var grown = new Buffer(new T[Math.Max(16, 4 * (Count + items.Length))]);
        AsSpan().CopyTo(grown.Items);
        items.CopyTo(grown.Items.AsSpan(Count));
        grown.Used = Count + items.Length;
        return new AppendWindow<T>(grown, 0, Count + items.Length);
    }

    /// <summary>
    /// <see cref="AppendRange"/>, except that when the buffer has no room left at its end but this window is its newest
    /// (nothing was appended after it) and it fits, the entries are moved to the buffer's front and the items added
    /// after them, in place: the older windows of the buffer then read overwritten entries, so only for a caller
    /// that never reads them again.
    /// </summary>
    internal AppendWindow<T> AppendRangeInPlace(ReadOnlySpan<T> items)
    {
        var end = _start + Count;
        if (_buffer is { } buffer && end + items.Length > buffer.Items.Length && Count + items.Length <= buffer.Items.Length
            && Interlocked.CompareExchange(ref buffer.Used, Count + items.Length, end) == end)
        {
            buffer.Items.AsSpan(_start, Count).CopyTo(buffer.Items); // overlapping: copied as if through a temporary
            items.CopyTo(buffer.Items.AsSpan(Count));
            return new AppendWindow<T>(buffer, 0, Count + items.Length);
        }

        return AppendRange(items);
    }

    /// <summary>Whether both are the same entries of the same buffer.</summary>
    public bool Equals(AppendWindow<T> other) =>
        (Count == 0 && other.Count == 0) || (ReferenceEquals(_buffer, other._buffer) && _start == other._start && Count == other.Count);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AppendWindow<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Count == 0 ? 0 : HashCode.Combine(_buffer, _start, Count);

    /// <summary>Whether both are the same entries of the same buffer.</summary>
    public static bool operator ==(AppendWindow<T> left, AppendWindow<T> right) => left.Equals(right);

    /// <summary>Whether they differ.</summary>
    public static bool operator !=(AppendWindow<T> left, AppendWindow<T> right) => !left.Equals(right);

    /// <summary>Storage shared by the successive windows of one history; <see cref="Used"/> slots are taken.</summary>
    private sealed class Buffer(T[] items)
    {
        public readonly T[] Items = items;
        public int Used;
    }
}
