using System.Buffers.Binary;

namespace Autoscaler.Prediction.History;

/// <summary>
/// The persistence format of a <see cref="DemandHistory"/>: compact, versioned, checksummed binary.
/// Layout (little-endian): magic <c>ASDH</c>, int32 version (1), int64 step in seconds, int32 coarse factor,
/// int64 newest step index, int32 count, int64 newest coarse index, int32 coarse count, then count + coarse count
/// float32 values (NaN = missing), then a uint32 FNV-1a checksum of everything before it. Two weeks at one minute is
/// about 100 KB. Reading never throws: missing or corrupt input gives an empty history and the reason.
/// </summary>
public static class HistorySerializer
{
    /// <summary>The format version written.</summary>
    public const int Version = 1;

    private const int HeaderSize = 4 + 4 + 8 + 4 + 8 + 4 + 8 + 4;
    private static ReadOnlySpan<byte> Magic => "ASDH"u8;

    /// <summary>Serializes the history.</summary>
    public static byte[] Serialize(DemandHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var values = history.ToArray();
        var coarse = history.CoarseToArray();
        var bytes = new byte[HeaderSize + (4 * (values.Length + coarse.Length)) + 4];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], (long)history.Step.TotalSeconds);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], history.CoarseFactor);
        BinaryPrimitives.WriteInt64LittleEndian(span[20..], history.LastIndex);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], values.Length);
        BinaryPrimitives.WriteInt64LittleEndian(span[32..], history.CoarseLastIndex);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], coarse.Length);
        var at = HeaderSize;
        foreach (var v in values.Concat(coarse))
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[at..], (float)v);
            at += 4;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], Fnv1a(span[..at]));
        return bytes;
    }

    /// <summary>
    /// Reads a history written by <see cref="Serialize"/> into a new history with the given step and retention. The
    /// step must match the stored one (a different step is a reason to start empty); a shorter retention keeps the
    /// newest values.
    /// </summary>
    public static HistoryLoadResult Deserialize(ReadOnlySpan<byte> data, TimeSpan step, TimeSpan retention)
    {
        var history = new DemandHistory(step, retention);
        if (data.Length < HeaderSize + 4)
        {
            return Empty(history, data.Length == 0 ? "the history file is empty" : $"the history is truncated ({data.Length} bytes)");
        }

        if (!data[..4].SequenceEqual(Magic))
        {
            return Empty(history, "not a history file (bad magic)");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(data[4..]);
        if (version != Version)
        {
            return Empty(history, $"history format version {version} is not supported (expected {Version})");
        }

        var stepSeconds = BinaryPrimitives.ReadInt64LittleEndian(data[8..]);
        var factor = BinaryPrimitives.ReadInt32LittleEndian(data[16..]);
        var lastIndex = BinaryPrimitives.ReadInt64LittleEndian(data[20..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(data[28..]);
        var coarseLast = BinaryPrimitives.ReadInt64LittleEndian(data[32..]);
        var coarseCount = BinaryPrimitives.ReadInt32LittleEndian(data[40..]);
        if (count < 0 || coarseCount < 0 || (long)HeaderSize + (4L * ((long)count + coarseCount)) + 4 != data.Length)
        {
            return Empty(history, "the history is truncated or has a bad length");
        }

        var at = data.Length - 4;
        if (BinaryPrimitives.ReadUInt32LittleEndian(data[at..]) != Fnv1a(data[..at]))
        {
            return Empty(history, "the history checksum does not match (corrupt file)");
        }

        if (stepSeconds != (long)step.TotalSeconds)
        {
            return Empty(history, $"the history was recorded at a step of {stepSeconds} s, not {step.TotalSeconds} s");
        }

        if (factor != history.CoarseFactor)
        {
            coarseCount = 0;
        }

        var values = new double[count];
        var coarse = new double[coarseCount];
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(HeaderSize + (4 * i))..]);
        }

        for (var i = 0; i < coarseCount; i++)
        {
            coarse[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(HeaderSize + (4 * (count + i)))..]);
        }

        if (values.Any(v => !double.IsNaN(v) && (double.IsInfinity(v) || v < 0)) || coarse.Any(v => !double.IsNaN(v) && (double.IsInfinity(v) || v < 0)))
        {
            return Empty(history, "the history holds invalid values");
        }

        history.Restore(lastIndex, values, coarseLast, coarse);
        return new HistoryLoadResult(history, true, null);
    }

    /// <summary>Writes the history to <paramref name="path"/> atomically (a temporary file, then a rename).</summary>
    public static void Save(DemandHistory history, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, Serialize(history));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads the history at <paramref name="path"/>; a missing, unreadable or corrupt file gives an empty history and the reason.</summary>
    public static HistoryLoadResult Load(string path, TimeSpan step, TimeSpan retention)
    {
        byte[] data;
        try
        {
            if (!File.Exists(path))
            {
                return Empty(new DemandHistory(step, retention), $"no history file at {path}");
            }

            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Empty(new DemandHistory(step, retention), $"the history file could not be read: {e.Message}");
        }

        return Deserialize(data, step, retention);
    }

    private static HistoryLoadResult Empty(DemandHistory history, string reason) => new(history, false, reason);

    private static uint Fnv1a(ReadOnlySpan<byte> data)
    {
        var hash = 2166136261u;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
