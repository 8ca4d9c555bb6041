using System.Buffers;
using System.Text.Json;
using Autoscaler.Events;

namespace Autoscaler.Webhooks;

/// <summary>What one journal line says.</summary>
internal enum JournalOp
{
    /// <summary>An event counted toward the rate (live until <c>Expires</c>).</summary>
    Rate,

    /// <summary>A pending event (live until <c>Expires</c>).</summary>
    Pending,

    /// <summary>An event waiting for its Job (live until completed).</summary>
    Job,

    /// <summary>The id was seen and is done: a Job was created, or it is only remembered for idempotency.</summary>
    Completed,

    /// <summary><c>Count</c> rate events of one second (written by compaction).</summary>
    Count,
}

/// <summary>One line of the event journal (JSON, one object per line).</summary>
internal readonly record struct JournalRecord(string Key, JournalOp Op, long Time, long Expires, PushEvent? Event, string? Id, int Count)
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    public string? EventId => Event?.Id ?? Id;

    /// <summary>Writes the record and its newline to <paramref name="buffer"/> through <paramref name="json"/> (reset to it here).</summary>
    public void WriteTo(Utf8JsonWriter json, IBufferWriter<byte> buffer)
    {
        json.Reset(buffer);
        {
            json.WriteStartObject();
            json.WriteString("k"u8, Key);
            json.WriteString("o"u8, Op switch
            {
                JournalOp.Rate => "r",
                JournalOp.Pending => "p",
                JournalOp.Job => "j",
                JournalOp.Completed => "c",
                _ => "n",
            });
            if (Time != 0)
            {
                json.WriteNumber("t"u8, Time);
            }

            if (Expires != 0)
            {
                json.WriteNumber("x"u8, Expires);
            }

            if (Count != 0)
            {
                json.WriteNumber("n"u8, Count);
            }

            if (EventId is { Length: > 0 } id)
            {
                json.WriteString("i"u8, id);
            }

            if (Event is { } e)
            {
                json.WriteString("y"u8, e.Type);
                if (Op == JournalOp.Job && e.Environment.Count > 0)
                {
                    json.WriteStartObject("e"u8);
                    foreach (var (name, value) in e.Environment)
                    {
                        json.WriteString(name, value);
                    }

                    json.WriteEndObject();
                }
            }

            json.WriteEndObject();
            json.Flush();
        }

        buffer.Write("\n"u8);
    }

    public static bool TryParse(ReadOnlySpan<byte> line, out JournalRecord record)
    {
        record = default;
        try
        {
            using var doc = JsonDocument.Parse(line.ToArray());
            var root = doc.RootElement;
            var key = root.GetProperty("k").GetString()!;
            var op = root.GetProperty("o").GetString() switch
            {
                "r" => JournalOp.Rate,
                "p" => JournalOp.Pending,
                "j" => JournalOp.Job,
                "c" => JournalOp.Completed,
                "n" => JournalOp.Count,
                _ => throw new FormatException("unknown op"),
            };
            var time = root.TryGetProperty("t", out var t) ? t.GetInt64() : 0;
            var expires = root.TryGetProperty("x", out var x) ? x.GetInt64() : 0;
            var count = root.TryGetProperty("n", out var n) ? n.GetInt32() : 0;
            var id = root.TryGetProperty("i", out var i) ? i.GetString() : null;
            PushEvent? pushEvent = null;
            if (op is JournalOp.Rate or JournalOp.Pending or JournalOp.Job)
            {
                var env = NoEnvironment;
                if (root.TryGetProperty("e", out var e))
                {
                    env = [];
                    foreach (var property in e.EnumerateObject())
                    {
                        env[property.Name] = property.Value.GetString() ?? "";
                    }
                }

                pushEvent = new PushEvent(id ?? "", root.TryGetProperty("y", out var y) ? y.GetString() ?? "" : "", env);
            }

            record = new JournalRecord(key, op, time, expires, pushEvent, id, count);
            return true;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }
}
