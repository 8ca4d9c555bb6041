namespace Autoscaler.Runtime.Prediction;

/// <summary>
/// The shared, in-memory board through which the members of a prediction group (<c>spec.prediction.group</c>, per
/// namespace) see each other's activity: each member posts the steps in which it had demand (marking the first after
/// an idle step as a wake), and reads what the others posted since its last read. Per group a bounded ring of the
/// newest <see cref="Capacity"/> events is kept; a member that falls further behind misses the oldest (it only learns a
/// little less). Lost at restart like the engine's windows: the members relearn. Thread-safe.
/// </summary>
internal sealed class PredictionGroups
{
    /// <summary>Events kept per group. 1,024.</summary>
    public const int Capacity = 1024;

    private readonly Dictionary<(string Namespace, string Group), Board> _boards = [];
    private readonly Lock _lock = new();

    /// <summary>Posts that <paramref name="member"/> had demand in the step starting at <paramref name="stepStart"/> (<paramref name="wake"/>: after an idle step).</summary>
    public void Post(string ns, string group, string member, DateTimeOffset stepStart, bool wake)
    {
        lock (_lock)
        {
            if (!_boards.TryGetValue((ns, group), out var board))
            {
                board = new Board();
                _boards[(ns, group)] = board;
            }

            board.Events[board.Next % Capacity] = new GroupEvent(member, stepStart, wake);
            board.Next++;
        }
    }

    /// <summary>The cursor after the newest event of the group: a member that joins reads only what is posted from now on.</summary>
    public long End(string ns, string group)
    {
        lock (_lock)
        {
            return _boards.TryGetValue((ns, group), out var board) ? board.Next : 0;
        }
    }

    /// <summary>
    /// Adds to <paramref name="into"/> what the other members of the group posted after <paramref name="cursor"/>, and
    /// returns the new cursor (start with 0).
    /// </summary>
    public long Read(string ns, string group, string member, long cursor, List<GroupEvent> into)
    {
        lock (_lock)
        {
            if (!_boards.TryGetValue((ns, group), out var board))
            {
                return cursor;
            }

            for (var i = Math.Max(cursor, board.Next - Capacity); i < board.Next; i++)
            {
                var e = board.Events[i % Capacity];
                if (!string.Equals(e.Member, member, StringComparison.Ordinal))
                {
                    into.Add(e);
                }
            }

            return board.Next;
        }
    }

    private sealed class Board
    {
        public GroupEvent[] Events { get; } = new GroupEvent[Capacity];

        public long Next { get; set; }
    }
}
