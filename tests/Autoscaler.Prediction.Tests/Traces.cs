using System.Globalization;
using Autoscaler.Testing;

namespace Autoscaler.Prediction.Tests;

/// <summary>Reads the shared traces. Outside CI a missing trace folder skips the test; in CI it fails.</summary>
internal static class Traces
{
    /// <summary>The path of a trace file, or null (test should return) when absent outside CI.</summary>
    public static string? Find(params string[] parts)
    {
        var path = Path.Combine([RepoPaths.Traces, .. parts]);
        if (File.Exists(path))
        {
            return path;
        }

        if (RepoPaths.IsCi)
        {
            Assert.Fail($"trace {path} is missing; in CI the shared traces must be present (AUTOSCALER_TRACES or ../shared/traces)");
        }

        return null;
    }

    /// <summary>crane-dsp: (ts, value) at 60 s.</summary>
    public static double[]? Crane(int input)
    {
        var path = Find("crane-dsp", $"input{input}.csv");
        return path is null ? null : [.. File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture))];
    }

    /// <summary>NASA July 1995 requests per minute.</summary>
    public static double[]? Nasa()
    {
        var path = Find("nasa-http-1995", "nasa_july_1995_per_minute.csv");
        return path is null ? null : [.. File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => double.Parse(l.Split(',')[2], CultureInfo.InvariantCulture))];
    }

    /// <summary>Azure Functions sample: per function, invocations in each minute of the day.</summary>
    public static List<(string Trigger, double[] Minutes)>? AzureFunctions()
    {
        var path = Find("azure-functions-2019-sample", "invocations_per_function_sample_9fn_1day.csv");
        return path is null
            ? null
            : [.. File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
                .Select(f => (f[3], f.Skip(4).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()))];
    }
}
