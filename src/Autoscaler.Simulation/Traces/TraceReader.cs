using System.Globalization;

namespace Autoscaler.Simulation.Traces;

/// <summary>
/// Reads demand traces. Every format is checked strictly: a missing or unexpected header, a row with the wrong
/// number of columns (a truncated file), a value that is not a number or negative, or time going backwards is a
/// <see cref="TraceFormatException"/> with the line.
/// </summary>
public static class TraceReader
{
    /// <summary>Parses a format name as the CLI writes it (<c>nasa</c>, <c>azure-functions</c>, <c>azure-llm</c>, <c>crane</c>, <c>csv</c>).</summary>
    public static bool TryParseFormat(string text, out TraceFormat format)
    {
        switch (text)
        {
            case "nasa": format = TraceFormat.Nasa; return true;
            case "azure-functions": format = TraceFormat.AzureFunctions; return true;
            case "azure-llm": format = TraceFormat.AzureLlm; return true;
            case "crane": format = TraceFormat.Crane; return true;
            case "csv": format = TraceFormat.Csv; return true;
            default: format = default; return false;
        }
    }

    /// <summary>Guesses the format from a file's header line; null when unknown.</summary>
    public static TraceFormat? Detect(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? "";
        return header switch
        {
            _ when header.StartsWith("minute_start_unix_utc", StringComparison.Ordinal) => TraceFormat.Nasa,
            _ when header.StartsWith("HashOwner,HashApp,HashFunction,Trigger", StringComparison.Ordinal) => TraceFormat.AzureFunctions,
            _ when header.StartsWith("TIMESTAMP,", StringComparison.Ordinal) => TraceFormat.AzureLlm,
            "ts,value" => TraceFormat.Crane,
            "timestamp,requests" => TraceFormat.Csv,
            _ => null,
        };
    }

    /// <summary>Reads <paramref name="path"/> in <paramref name="format"/>.</summary>
    public static Trace Read(string path, TraceFormat format)
    {
        ArgumentNullException.ThrowIfNull(path);
        var lines = File.ReadAllLines(path);
        return Parse(path, Path.GetFileNameWithoutExtension(path), lines, format);
    }

    /// <summary>Parses the lines of a trace file (<paramref name="file"/> names it in errors).</summary>
    public static Trace Parse(string file, string name, IReadOnlyList<string> lines, TraceFormat format)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0 || string.IsNullOrWhiteSpace(lines[0]))
        {
            throw new TraceFormatException(file, 0, "the file is empty (expected a header line)");
        }

        var trace = format switch
        {
            TraceFormat.Nasa => Timed(file, name, lines, "minute_start_unix_utc,minute_start_local_edt,requests,outage", 4, 0, 2, perSecond: false),
            TraceFormat.Crane => Timed(file, name, lines, "ts,value", 2, 0, 1, perSecond: true),
            TraceFormat.Csv => Timed(file, name, lines, "timestamp,requests", 2, 0, 1, perSecond: false),
            TraceFormat.AzureFunctions => Functions(file, name, lines),
            TraceFormat.AzureLlm => Arrivals(file, name, lines),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        if (trace.Intervals == 0)
        {
            throw new TraceFormatException(file, 0, "no data rows after the header");
        }

        return trace;
    }

    private static Trace Timed(string file, string name, IReadOnlyList<string> lines, string header, int columns, int timeColumn, int valueColumn, bool perSecond)
    {
        Header(file, lines[0], header);
        var times = new List<long>(lines.Count);
        var values = new List<double>(lines.Count);
        for (var i = 1; i < lines.Count; i++)
        {
            if (lines[i].Length == 0 && i == lines.Count - 1)
            {
                break;
            }

            var cells = Cells(file, i + 1, lines[i], columns);
            var time = Long(file, i + 1, cells[timeColumn], header.Split(',')[timeColumn]);
            var value = Number(file, i + 1, cells[valueColumn], header.Split(',')[valueColumn]);
            if (times.Count > 0 && time <= times[^1])
            {
                throw new TraceFormatException(file, i + 1, $"time goes backwards or repeats ({time} after {times[^1]})");
            }

            times.Add(time);
            values.Add(value);
        }

        if (times.Count == 0)
        {
            throw new TraceFormatException(file, 0, "no data rows after the header");
        }

        var step = times.Count > 1 ? times[1] - times[0] : 60;
        if (step <= 0)
        {
            throw new TraceFormatException(file, 3, $"time must increase; the step from the first row is {step} s");
        }

        var count = (int)((times[^1] - times[0]) / step) + 1;
        var requests = new double[count];
        for (var i = 0; i < times.Count; i++)
        {
            var offset = times[i] - times[0];
            if (offset % step != 0)
            {
                throw new TraceFormatException(file, i + 2, $"time {times[i]} is not on the {step} s grid that the first two rows set");
            }

            requests[offset / step] = perSecond ? values[i] * step : values[i];
        }

        return new Trace(name, (int)step, DateTimeOffset.FromUnixTimeSeconds(times[0]), [new TraceSeries(name, requests)]);
    }

    private static Trace Functions(string file, string name, IReadOnlyList<string> lines)
    {
        var header = lines[0].Split(',');
        if (header.Length < 5 || header[0] != "HashOwner" || header[2] != "HashFunction" || header[3] != "Trigger")
        {
            throw new TraceFormatException(file, 1, "expected the header 'HashOwner,HashApp,HashFunction,Trigger,1,2,…'");
        }

        var minutes = header.Length - 4;
        var series = new List<TraceSeries>();
        for (var i = 1; i < lines.Count; i++)
        {
            if (lines[i].Length == 0 && i == lines.Count - 1)
            {
                break;
            }

            var cells = Cells(file, i + 1, lines[i], header.Length);
            var requests = new double[minutes];
            for (var m = 0; m < minutes; m++)
            {
                requests[m] = cells[m + 4].Length == 0 ? 0 : Number(file, i + 1, cells[m + 4], $"minute {header[m + 4]}");
            }

            var id = cells[2].Length > 8 ? cells[2][..8] : cells[2];
            series.Add(new TraceSeries($"{id} ({cells[3]})", requests) { Group = cells[1] });
        }

        if (series.Count == 0)
        {
            throw new TraceFormatException(file, 0, "no data rows after the header");
        }

        return new Trace(name, 60, DateTimeOffset.UnixEpoch, series);
    }

    private static Trace Arrivals(string file, string name, IReadOnlyList<string> lines)
    {
        if (!lines[0].StartsWith("TIMESTAMP", StringComparison.Ordinal))
        {
            throw new TraceFormatException(file, 1, $"expected a header starting with 'TIMESTAMP', got '{Clip(lines[0])}'");
        }

        var columns = lines[0].Split(',').Length;
        var times = new List<DateTime>(lines.Count);
        for (var i = 1; i < lines.Count; i++)
        {
            if (lines[i].Length == 0 && i == lines.Count - 1)
            {
                break;
            }

            var cells = Cells(file, i + 1, lines[i], columns);
            if (!DateTime.TryParseExact(cells[0], ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
            {
                throw new TraceFormatException(file, i + 1, $"TIMESTAMP '{Clip(cells[0])}' is not 'yyyy-MM-dd HH:mm:ss.fffffff'");
            }

            if (times.Count > 0 && t < times[^1])
            {
                throw new TraceFormatException(file, i + 1, $"TIMESTAMP {cells[0]} is before the previous row's");
            }

            times.Add(t);
        }

        if (times.Count == 0)
        {
            throw new TraceFormatException(file, 0, "no data rows after the header");
        }

        var start = new DateTime(times[0].Ticks - (times[0].Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var seconds = (int)((times[^1] - start).Ticks / TimeSpan.TicksPerSecond) + 1;
        var requests = new double[seconds];
        foreach (var t in times)
        {
            requests[(t - start).Ticks / TimeSpan.TicksPerSecond]++;
        }

        return new Trace(name, 1, new DateTimeOffset(start), [new TraceSeries(name, requests)]);
    }

    private static void Header(string file, string line, string expected)
    {
        if (!string.Equals(line.Trim(), expected, StringComparison.Ordinal))
        {
            throw new TraceFormatException(file, 1, $"expected the header '{expected}', got '{Clip(line)}'");
        }
    }

    private static string[] Cells(string file, int line, string text, int columns)
    {
        var cells = text.Split(',');
        if (cells.Length != columns)
        {
            throw new TraceFormatException(file, line, $"expected {columns} columns, got {cells.Length} (is the file truncated?)");
        }

        return cells;
    }

    private static long Long(string file, int line, string text, string column) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new TraceFormatException(file, line, $"{column} '{Clip(text)}' is not an integer");

    private static double Number(string file, int line, string text, string column)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            throw new TraceFormatException(file, line, $"{column} '{Clip(text)}' is not a number");
        }

        return v < 0 ? throw new TraceFormatException(file, line, $"{column} must not be negative, got {Clip(text)}") : v;
    }

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
