using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Autoscaler.Webhooks;

/// <summary>
/// The durable journal of accepted events: JSON lines appended by one writer thread with group commit (every append
/// waiting at a moment is written with one call, then synced once), so a 2xx is only sent after its events are on
/// disk. Replayed at start; rewritten with only the live records at start and when it grows too large.
/// </summary>
internal sealed class EventJournal : IAsyncDisposable
{
    private readonly string _path;
    private readonly bool _fsync;
    private readonly long _maxSize;
    private readonly Func<IEnumerable<JournalRecord>> _snapshot;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private List<Append> _waiting = [];
    private bool _closed;
    private FileStream? _stream;
    private Thread? _writer;

    // The size at which the next compaction runs: the configured maximum, or twice what the last compaction left,
    // whichever is larger. Without the doubling, a journal whose records are all still live (pending events) would
    // be rewritten after every batch once it reached the maximum.
    private long _compactAt;

    // A compaction in the background: the live records as they were between two batches, being written to the temp
    // file by another thread while batches go on being appended (and synced) to the journal itself. Every batch
    // written meanwhile is also kept here, and added to the temp file before it replaces the journal.
    private Task<long>? _compaction;
    private ArrayBufferWriter<byte>? _sinceSnapshot;

    public EventJournal(string path, bool fsync, long maxSize, Func<IEnumerable<JournalRecord>> snapshot, ILogger logger)
    {
        _path = Path.GetFullPath(path);
        _fsync = fsync;
        _maxSize = maxSize;
        _compactAt = maxSize;
        _snapshot = snapshot;
        _logger = logger;
    }

    public string FilePath => _path;

    /// <summary>Reads every record of the journal (a torn or unreadable line is skipped and counted).</summary>
    public List<JournalRecord> ReadAll(out int skipped)
    {
        skipped = 0;
        var records = new List<JournalRecord>();
        if (!File.Exists(_path))
        {
            return records;
        }

        var bytes = File.ReadAllBytes(_path);
        var span = bytes.AsSpan();
        while (span.Length > 0)
        {
            var end = span.IndexOf((byte)'\n');
            var line = end < 0 ? span : span[..end];
            span = end < 0 ? default : span[(end + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            if (JournalRecord.TryParse(line, out var record))
            {
                records.Add(record);
            }
            else
            {
                skipped++;
            }
        }

        return records;
    }

    /// <summary>Rewrites the journal with the live records, then opens it for appending and starts the writer.</summary>
    public void Open()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        Compact();
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "event-journal" };
        _writer.Start();
    }

    /// <summary>
    /// Appends <paramref name="records"/> (not changed by the caller afterwards); completes once they are durable.
    /// <paramref name="applied"/> runs on the writer right after they are durable and before any compaction, so a
    /// compaction's snapshot always includes them.
    /// </summary>
    public Task AppendAsync(IReadOnlyList<JournalRecord> records, Action? applied = null)
    {
        var append = new Append(records, applied, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            if (_closed)
            {
                return Task.FromException(new ObjectDisposedException(nameof(EventJournal)));
            }

            _waiting.Add(append);
            if (_waiting.Count == 1)
            {
                Monitor.Pulse(_gate);
            }
        }

        return append.Done.Task;
    }

    /// <summary>
    /// The writer (its own thread, so a sync never holds a thread-pool thread): takes every append waiting at that
    /// moment, serializes them into one buffer, writes it with one call and syncs once (group commit).
    /// </summary>
    private void WriteLoop()
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using var json = new Utf8JsonWriter(buffer);
        var batch = new List<Append>();
        while (true)
        {
            lock (_gate)
            {
                while (_waiting.Count == 0 && !_closed)
                {
                    Monitor.Wait(_gate);
                }

                if (_waiting.Count == 0)
                {
                    return;
                }

                (batch, _waiting) = (_waiting, batch);
            }

            try
            {
                buffer.ResetWrittenCount();
                foreach (var append in batch)
                {
                    foreach (var record in append.Records)
                    {
                        record.WriteTo(json, buffer);
                    }
                }

                _stream!.Write(buffer.WrittenSpan);
                Sync(_stream);
                foreach (var append in batch)
                {
                    append.Applied?.Invoke();
                    append.Done.TrySetResult();
                }

                _sinceSnapshot?.Write(buffer.WrittenSpan);
                if (_compaction is { IsCompleted: true })
                {
                    FinishCompaction();
                }
                else if (_compaction is null && _stream.Length > _compactAt)
                {
                    StartCompaction();
                }
            }
#pragma warning disable CA1031 // The writer thread must outlive any failure: its waiting senders get the exception (503), later appends retry.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.JournalFailed(_logger, e, _path);
                foreach (var append in batch)
                {
                    append.Done.TrySetException(e);
                }
            }

            batch.Clear();
            if (buffer.Capacity > 1 << 20)
            {
                buffer = new ArrayBufferWriter<byte>(1 << 16);
            }
        }
    }

    /// <summary>
    /// Makes the written bytes durable. With fsync on, Linux gets fdatasync (the data and the file's size, not its
    /// timestamps: what a reader after a crash needs, at about a third of fsync's cost here); elsewhere a full flush.
    /// </summary>
    private void Sync(FileStream stream)
    {
        if (!_fsync)
        {
            return;
        }

        if (OperatingSystem.IsLinux())
        {
            if (NativeMethods.FDataSync((int)stream.SafeFileHandle.DangerousGetHandle()) != 0)
            {
                throw new IOException($"fdatasync failed with errno {Marshal.GetLastPInvokeError()}");
            }

            return;
        }

        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Captures the live state (every batch so far has been applied, none after; the capture is cheap and holds no
    /// trigger's lock for long) and builds and writes its records to the temp file on a thread of its own, so appends
    /// are not held up by rewriting a large journal (that took 200-400 ms at 64 MB) nor by building its records. That
    /// thread runs at a lower CPU priority (nice 10 on Linux): on a busy machine the deliveries come first, and the
    /// compaction, which nothing waits for, uses what they leave.
    /// </summary>
    private void StartCompaction()
    {
        var records = _snapshot();
        var before = _stream!.Length;
        _sinceSnapshot = new ArrayBufferWriter<byte>(1 << 16);
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _compaction = done.Task;
        new Thread(() =>
        {
            LowerPriority();
            try
            {
                WriteSnapshot(_path + ".tmp", records);
                done.SetResult(before);
            }
#pragma warning disable CA1031 // Handed to the writer, which logs it and keeps the journal as it is (FinishCompaction).
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.SetException(e);
            }
        })
        { IsBackground = true, Name = "event-journal-compaction" }.Start();
    }

    /// <summary>Lowers the calling thread's CPU priority to nice 10 on Linux (where a thread has its own nice value); nothing elsewhere.</summary>
    private static void LowerPriority()
    {
        if (OperatingSystem.IsLinux())
        {
            // Best effort: if it fails, the compaction runs at the normal priority.
            _ = NativeMethods.SetPriority(NativeMethods.PrioProcess, NativeMethods.GetTid(), 10);
        }
    }

    /// <summary>
    /// Adds the batches written since the snapshot to the temp file, makes it durable and puts it in place of the
    /// journal. Until that rename the journal itself holds everything, so a crash at any point loses nothing.
    /// </summary>
    private void FinishCompaction()
    {
        var compaction = _compaction!;
        var since = _sinceSnapshot!;
        _compaction = null;
        _sinceSnapshot = null;
        var temp = _path + ".tmp";
        if (compaction.IsCompletedSuccessfully)
        {
            using (var output = new FileStream(temp, FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                output.Write(since.WrittenSpan);
                output.Flush(flushToDisk: true);
            }

            _stream!.Dispose();
            File.Move(temp, _path, overwrite: true);
            _stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
            _compactAt = Math.Max(_maxSize, 2 * _stream.Length);
            Log.Compacted(_logger, _path, compaction.Result, _stream.Length);
        }
        else
        {
            // The journal itself is intact; try again once it has doubled.
            Log.JournalFailed(_logger, compaction.Exception!.GetBaseException(), temp);
            _compactAt = Math.Max(_maxSize, 2 * _stream!.Length);
        }
    }

    private static void WriteSnapshot(string temp, IEnumerable<JournalRecord> records)
    {
        using var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using var json = new Utf8JsonWriter(buffer);
        foreach (var record in records)
        {
            record.WriteTo(json, buffer);
            if (buffer.WrittenCount > 1 << 15)
            {
                output.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
        }

        output.Write(buffer.WrittenSpan);
        output.Flush(flushToDisk: true);
    }

    /// <summary>Writes the live records to a new file, makes it durable, and puts it in place of the journal.</summary>
    private void Compact()
    {
        var before = _stream?.Length ?? (File.Exists(_path) ? new FileInfo(_path).Length : 0);
        _stream?.Dispose();
        var temp = _path + ".tmp";
        WriteSnapshot(temp, _snapshot());
        File.Move(temp, _path, overwrite: true);
        // Unbuffered: each batch is one write call of its own buffer.
        _stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _compactAt = Math.Max(_maxSize, 2 * _stream.Length);
        Log.Compacted(_logger, _path, before, _stream.Length);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.Pulse(_gate);
        }

        if (_writer is { } writer)
        {
            // The writer drains what is waiting, then ends.
            await Task.Run(writer.Join).ConfigureAwait(false);
        }

        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record Append(IReadOnlyList<JournalRecord> Records, Action? Applied, TaskCompletionSource Done);
}
