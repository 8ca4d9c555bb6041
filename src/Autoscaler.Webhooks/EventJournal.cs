using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Autoscaler.Webhooks;

/// <summary>
/// The durable journal of accepted events: JSON lines appended by one writer with group commit (every append waiting
/// at a moment is written, then flushed, and fsynced when configured, once), so a 2xx is only sent after its events
/// are on disk. Replayed at start; rewritten with only the live records at start and when it grows too large.
/// </summary>
internal sealed class EventJournal : IAsyncDisposable
{
    private readonly string _path;
    private readonly bool _fsync;
    private readonly long _maxSize;
    private readonly Func<List<JournalRecord>> _snapshot;
    private readonly ILogger _logger;
    private readonly Channel<Append> _appends = Channel.CreateUnbounded<Append>(new UnboundedChannelOptions { SingleReader = true });
    private FileStream? _stream;
    private Task? _writer;

    public EventJournal(string path, bool fsync, long maxSize, Func<List<JournalRecord>> snapshot, ILogger logger)
    {
        _path = Path.GetFullPath(path);
        _fsync = fsync;
        _maxSize = maxSize;
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
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// Appends <paramref name="records"/>; completes once they are durable. <paramref name="applied"/> runs on the writer
    /// right after they are durable and before any compaction, so a compaction's snapshot always includes them.
    /// </summary>
    public Task AppendAsync(IReadOnlyList<JournalRecord> records, Action? applied = null)
    {
        var buffer = new ArrayBufferWriter<byte>(records.Count * 128);
        foreach (var record in records)
        {
            record.WriteTo(buffer);
        }

        var append = new Append(buffer, applied, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_appends.Writer.TryWrite(append))
        {
            return Task.FromException(new ObjectDisposedException(nameof(EventJournal)));
        }

        return append.Done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Append>();
        while (await _appends.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < 4096 && _appends.Reader.TryRead(out var append))
            {
                batch.Add(append);
            }

            try
            {
                foreach (var append in batch)
                {
                    _stream!.Write(append.Data.WrittenSpan);
                }

                _stream!.Flush(_fsync);
                foreach (var append in batch)
                {
                    append.Applied?.Invoke();
                    append.Done.TrySetResult();
                }

                if (_stream.Length > _maxSize)
                {
                    Compact();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                Log.JournalFailed(_logger, e, _path);
                foreach (var append in batch)
                {
                    append.Done.TrySetException(e);
                }
            }
        }
    }

    /// <summary>Writes the live records to a new file, makes it durable, and puts it in place of the journal.</summary>
    private void Compact()
    {
        var before = _stream?.Length ?? (File.Exists(_path) ? new FileInfo(_path).Length : 0);
        _stream?.Dispose();
        var temp = _path + ".tmp";
        using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            var buffer = new ArrayBufferWriter<byte>(1 << 16);
            foreach (var record in _snapshot())
            {
                record.WriteTo(buffer);
                if (buffer.WrittenCount > 1 << 15)
                {
                    output.Write(buffer.WrittenSpan);
                    buffer.ResetWrittenCount();
                }
            }

            output.Write(buffer.WrittenSpan);
            output.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
        _stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
        Log.Compacted(_logger, _path, before, _stream.Length);
    }

    public async ValueTask DisposeAsync()
    {
        _appends.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.ConfigureAwait(false);
        }

        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record Append(ArrayBufferWriter<byte> Data, Action? Applied, TaskCompletionSource Done);
}
