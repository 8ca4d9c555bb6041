namespace Autoscaler.Webhooks;

/// <summary>
/// A FIFO queue in fixed-size segments that is only ever appended at the tail and consumed at the head, so a range
/// captured at one moment (<see cref="Capture"/>, O(1)) stays readable on another thread while the queue goes on
/// changing: later appends land after the range, and consuming the head never overwrites a slot. Not thread-safe
/// itself: the owner changes it and captures it under its own lock; only a captured range is read without the lock.
/// </summary>
internal sealed class SnapshotQueue<T>
{
    private const int SegmentSize = 4096;
    private Segment _head = new();
    private int _headIndex;
    private Segment _tail;
    private int _tailCount;

    public SnapshotQueue() => _tail = _head;

    public int Count { get; private set; }

    public void Enqueue(T item)
    {
        if (_tailCount == SegmentSize)
        {
            var next = new Segment();
            _tail.Next = next;
            _tail = next;
            _tailCount = 0;
        }

        _tail.Items[_tailCount++] = item;
        Count++;
    }

    public bool TryPeek(out T item)
    {
        if (Count == 0)
        {
            item = default!;
            return false;
        }

        if (_headIndex == SegmentSize)
        {
            // Count > 0, so the next segment exists; the consumed one is left to the GC (or to a captured range).
            _head = _head.Next!;
            _headIndex = 0;
        }

        item = _head.Items[_headIndex];
        return true;
    }

    public bool TryDequeue(out T item)
    {
        if (!TryPeek(out item))
        {
            return false;
        }

        // The slot is not cleared: a captured range may still read it.
        _headIndex++;
        Count--;
        return true;
    }

    public T Dequeue() => TryDequeue(out var item) ? item : throw new InvalidOperationException("the queue is empty");

    /// <summary>The items in the queue now, readable later without the owner's lock.</summary>
    public Range Capture() => new(_head, _headIndex, Count);

    /// <summary>The items of a queue at the moment of <see cref="Capture"/>, oldest first.</summary>
    internal readonly record struct Range(Segment Start, int Index, int Count)
    {
        public IEnumerable<T> Items()
        {
            var segment = Start;
            var index = Index;
            for (var i = 0; i < Count; i++)
            {
                if (index == SegmentSize)
                {
                    segment = segment.Next!;
                    index = 0;
                }

                yield return segment.Items[index++];
            }
        }
    }

    internal sealed class Segment
    {
        public readonly T[] Items = new T[SegmentSize];

        public Segment? Next;
    }
}
