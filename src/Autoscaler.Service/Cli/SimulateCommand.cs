using System.CommandLine;
using System.Globalization;
using Autoscaler.Configuration;
using Autoscaler.Scaling;
using Autoscaler.Service.Hosting;
using Autoscaler.Simulation;
using Autoscaler.Simulation.Policies;
using Autoscaler.Simulation.Reporting;
using Autoscaler.Simulation.Traces;

namespace Autoscaler.Service.Cli;

/// <summary>
/// <c>autoscaler simulate</c>: replays demand traces through the engine and the baseline policies on a virtual clock
/// and writes a markdown table and SVG plots. Report files hold no timings, so the same input gives the same bytes;
/// replay speed goes to the console.
/// </summary>
internal static class SimulateCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var trace = new Option<string?>("--trace") { Description = "A trace file" };
        var format = new Option<string?>("--format") { Description = "nasa | azure-functions | azure-llm | crane | csv (default: detected from the header)" };
        var policy = new Option<string[]>("--policy") { Description = $"A policy name ({string.Join(", ", PolicyCatalog.Names)}) or a ScaledObject .yaml file; repeatable. Default: every built-in policy", AllowMultipleArgumentsPerToken = true };
        var coldStart = new Option<string>("--cold-start") { Description = "Time from requesting a pod to it being ready", DefaultValueFactory = _ => "2s" };
        var capacity = new Option<double>("--capacity-per-pod") { Description = "Requests per second one ready pod serves", DefaultValueFactory = _ => 1 };
        var outDir = new Option<string>("--out") { Description = "Output folder (created)", Required = true };
        var all = new Option<bool>("--all") { Description = "Run every policy on every trace under --traces" };
        var traces = new Option<string?>("--traces") { Description = "A folder of traces (with --all); every .csv below it whose header is a known format" };
        var command = new Command("simulate", "Replay a demand trace through scaling policies on a virtual clock; report cold starts, SLO violations, replica-seconds and slack.")
        {
            trace, format, policy, coldStart, capacity, outDir, all, traces,
        };
        command.SetAction(parse => Run(
            parse.GetValue(trace), parse.GetValue(format), parse.GetValue(policy) ?? [], parse.GetValue(coldStart) ?? "2s", parse.GetValue(capacity),
            parse.GetValue(outDir)!, parse.GetValue(all), parse.GetValue(traces), output, error));
        return command;
    }

    internal static int Run(string? tracePath, string? formatName, string[] policyNames, string coldStartText, double capacity, string outDir, bool all, string? tracesDir, TextWriter output, TextWriter error)
    {
        if (!DurationParser.TryParse(coldStartText, out var coldStart))
        {
            error.WriteLine($"--cold-start: '{coldStartText}' is not a duration (for example 2s or 500ms)");
            return 2;
        }

        if (capacity <= 0 || !double.IsFinite(capacity))
        {
            error.WriteLine($"--capacity-per-pod: must be greater than 0, got {capacity.ToString(CultureInfo.InvariantCulture)}");
            return 2;
        }

        IReadOnlyList<IScalingPolicy> policies;
        try
        {
            var services = new ServiceCollection().AddScalers().BuildServiceProvider();
            var validator = new ResourceValidator(services.GetRequiredService<IScalerCatalog>());
            policies = policyNames.Length == 0 ? PolicyCatalog.Baselines : [.. policyNames.Select(p => PolicyCatalog.Resolve(p, validator))];
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"--policy: {e.Message}");
            return 2;
        }

        List<(string Path, TraceFormat Format)> files;
        if (all)
        {
            if (tracesDir is null || !Directory.Exists(tracesDir))
            {
                error.WriteLine($"--traces: folder '{tracesDir}' not found (--all needs --traces DIR)");
                return 2;
            }

            files = [];
            foreach (var file in Directory.EnumerateFiles(tracesDir, "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (TraceReader.Detect(file) is { } detected)
                {
                    files.Add((file, detected));
                }
            }
        }
        else
        {
            if (tracePath is null)
            {
                error.WriteLine("--trace FILE is required (or --all --traces DIR)");
                return 2;
            }

            if (!File.Exists(tracePath))
            {
                error.WriteLine($"--trace: file '{tracePath}' not found");
                return 2;
            }

            TraceFormat f;
            if (formatName is not null)
            {
                if (!TraceReader.TryParseFormat(formatName, out f))
                {
                    error.WriteLine($"--format: unknown format '{formatName}'; known: nasa, azure-functions, azure-llm, crane, csv");
                    return 2;
                }
            }
            else if (TraceReader.Detect(tracePath) is { } detected)
            {
                f = detected;
            }
            else
            {
                error.WriteLine($"--format: cannot tell the format of '{tracePath}' from its header; give --format");
                return 2;
            }

            files = [(tracePath, f)];
        }

        var options = new SimulationOptions { CapacityPerPod = capacity, ColdStart = coldStart };
        var loaded = new List<Trace>();
        foreach (var (path, f) in files)
        {
            try
            {
                loaded.Add(TraceReader.Read(path, f));
            }
            catch (TraceFormatException e)
            {
                error.WriteLine($"error: {e.Message}");
                return 1;
            }
        }

        Directory.CreateDirectory(outDir);
        var results = new List<TraceResult>();
        var steps = loaded.Count * policies.Count;
        var done = 0;
        foreach (var trace in loaded)
        {
            var result = SimulationRunner.Run(trace, policies, options, name =>
            {
                done++;
                Progress(error, done, steps, $"{trace.Name} / {name}");
            });
            results.Add(result);
            foreach (var p in result.Policies)
            {
                var seconds = p.ElapsedTicks / (double)System.Diagnostics.Stopwatch.Frequency;
                var intervals = (double)trace.Intervals * trace.Series.Count;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{trace.Name,-45} {p.Policy,-20} {intervals,10:0} intervals in {seconds,7:0.000} s = {intervals / Math.Max(seconds, 1e-9),12:#,0} intervals/s"));
            }
        }

        error.WriteLine();
        var plots = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            var file = Safe(result.Trace.Name) + ".svg";
            File.WriteAllText(Path.Combine(outDir, file), SvgPlot.Render(result));
            plots[result.Trace.Name] = file;
        }

        var report = MarkdownReport.Document(results, [.. policies.Select(p => (p.Name, p.Description))], plots);
        var reportFile = Path.Combine(outDir, all ? "comparison.md" : "report.md");
        File.WriteAllText(reportFile, report);
        output.WriteLine(MarkdownReport.Table(results));
        output.WriteLine($"wrote {reportFile} and {plots.Count} plot(s) to {outDir}");
        return 0;
    }

    private static void Progress(TextWriter error, int done, int total, string what)
    {
        const int width = 30;
        var filled = total == 0 ? width : done * width / total;
        error.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {what,-70}");
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
