using System.Diagnostics;
using System.Globalization;
using Autoscaler.Prediction;
using Autoscaler.Prediction.Seasonality;
using Autoscaler.Testing;

namespace Autoscaler.Benchmarks;

/// <summary>
/// The predictive engine's costs on two weeks of one-minute history (20,160 points): a full refit (period detection,
/// three models fitted, rolling-origin backtest), the per-tick update (observe + forecast + combine), and memory per object.
/// </summary>
internal sealed class PredictionBenchmark : IBenchmark
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public string Name => "prediction";

    public string Description => "prediction [refits=20] [ticks=200000] [objects=50]: refit time, per-tick time, memory per object";

    public Task RunAsync(string[] args)
    {
        var refits = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var ticks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
        var objects = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50;
        var (series, source) = Series();

        // Full refit.
        var predictor = Filled(series);
        var now = T0.AddMinutes(series.Length);
        for (var i = 0; i < 3; i++)
        {
            predictor.Refit(now);
        }

        var refit = new List<double>();
        var detect = new List<double>();
        var refitCpu = new List<double>();
        var history = predictor.History.ToArray();
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < refits; i++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            predictor.Refit(now);
            refit.Add(watch.Elapsed.TotalMilliseconds);
            process.Refresh();
            refitCpu.Add((process.TotalProcessorTime - cpu).TotalMilliseconds);
            watch.Restart();
            PeriodDetector.Detect(history);
            detect.Add(watch.Elapsed.TotalMilliseconds);
        }

        var forecast = predictor.Forecast(now);

        // Per tick: observe one step, forecast [now + L, now + L + W], combine with a reactive answer.
        var warm = Math.Min(ticks, 10_000);
        for (var i = 0; i < warm; i++)
        {
            Tick(predictor, series, series.Length + i);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var tickWatch = Stopwatch.StartNew();
        for (var i = 0; i < ticks; i++)
        {
            Tick(predictor, series, series.Length + warm + i);
        }

        var perTick = tickWatch.Elapsed.TotalMicroseconds / ticks;
        var (perGroupTick, groupAllocatedPerTick, groupBytes) = GroupTicks(series, ticks);
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        var allocatedPerTick = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)ticks;

        // Memory: objects with two weeks of history each, fitted, measured as retained managed heap.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(true);
        var kept = new List<WorkloadPredictor>();
        for (var i = 0; i < objects; i++)
        {
            var p = Filled(series);
            p.Refit(now);
            kept.Add(p);
        }

        var after = GC.GetTotalMemory(true);
        var perObject = (after - before) / (double)objects;
        GC.KeepAlive(kept);

        Console.WriteLine($"load average during the run: {load} (on {Environment.ProcessorCount} cores)");
        Console.WriteLine($"series: {source}, {series.Length} points at 60 s; chosen model {forecast.Model} ({forecast.ModelParameters}), period {forecast.Period?.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) ?? "none"} min, backtest MASE {forecast.BacktestMase?.ToString("0.###", CultureInfo.InvariantCulture)}");
        Console.WriteLine();
        Console.WriteLine("| measure | median | p95 / max | target |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(FormattableString.Invariant($"| full refit (period detection + 3 models + backtest), {refits} runs | {Percentile(refit, 0.5):0.0} ms | {Percentile(refit, 0.95):0.0} / {refit.Max():0.0} ms | ≤ 50 ms |"));
        Console.WriteLine(FormattableString.Invariant($"| full refit, CPU time of the process | {Percentile(refitCpu, 0.5):0.0} ms | {Percentile(refitCpu, 0.95):0.0} / {refitCpu.Max():0.0} ms | ≤ 50 ms |"));
        Console.WriteLine(FormattableString.Invariant($"| of which period detection alone | {Percentile(detect, 0.5):0.0} ms | {Percentile(detect, 0.95):0.0} / {detect.Max():0.0} ms | |"));
        Console.WriteLine(FormattableString.Invariant($"| per tick (observe + forecast + combine), {ticks} ticks | {perTick:0.00} µs (mean) | {allocatedPerTick:0} B allocated per tick | ≤ 50 µs |"));
        Console.WriteLine(FormattableString.Invariant($"| per tick in a group of {GroupSiblings + 1} (a sibling's wake or activity every tick + observe + forecast + combine) | {perGroupTick:0.00} µs (mean) | {groupAllocatedPerTick:0} B allocated per tick; group model {groupBytes / 1024.0:0.#} KB | ≤ 50 µs |"));
        Console.WriteLine(FormattableString.Invariant($"| memory per object (retained heap, {objects} fitted objects) | {perObject / 1024:0} KB | estimate {predictor.EstimatedBytes / 1024} KB | ≤ 1 MB |"));
        return Task.CompletedTask;
    }

    private const int GroupSiblings = 7;

    /// <summary>Per tick with <c>spec.prediction.group</c>: the same ticks, plus one sibling event each (a wake every 13th).</summary>
    private static (double PerTick, double AllocatedPerTick, long GroupBytes) GroupTicks(double[] series, int ticks)
    {
        var predictor = Filled(series, "bench");
        predictor.Refit(T0.AddMinutes(series.Length));
        var names = Enumerable.Range(0, GroupSiblings).Select(i => $"sibling-{i}").ToArray();
        var start = series.Length;
        for (var i = 0; i < Math.Min(ticks, 10_000); i++)
        {
            GroupTick(predictor, series, names, start++);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < ticks; i++)
        {
            GroupTick(predictor, series, names, start++);
        }

        var perTick = watch.Elapsed.TotalMicroseconds / ticks;
        return (perTick, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)ticks, predictor.Group?.Bytes ?? 0);
    }

    private static void GroupTick(WorkloadPredictor predictor, double[] series, string[] siblings, int minute)
    {
        var now = T0.AddMinutes(minute);
        var sibling = siblings[minute % siblings.Length];
        if (minute % 13 == 0)
        {
            predictor.ObserveSiblingWake(sibling, now);
        }
        else
        {
            predictor.ObserveSiblingActive(now);
        }

        Tick(predictor, series, minute);
    }

    private static void Tick(WorkloadPredictor predictor, double[] series, int minute)
    {
        var now = T0.AddMinutes(minute);
        var demand = series[minute % series.Length];
        // Ready replicas one below the demand's whole replicas: the backlog drain is exercised every tick.
        predictor.Observe(now, demand, (int)Math.Floor(demand));
        var reactive = (int)Math.Ceiling(demand);
        predictor.Decide(now, reactive, reactive, 1000);
    }

    private static WorkloadPredictor Filled(double[] series, string? group = null)
    {
        var predictor = new WorkloadPredictor(new PredictorOptions { FixedLeadTime = TimeSpan.FromMinutes(5), Window = TimeSpan.FromSeconds(30), Group = group });
        for (var i = 0; i < series.Length; i++)
        {
            predictor.Observe(T0.AddMinutes(i), series[i]);
        }

        return predictor;
    }

    private static (double[] Series, string Source) Series()
    {
        var nasa = Path.Combine(RepoPaths.Traces, "nasa-http-1995", "nasa_july_1995_per_minute.csv");
        if (File.Exists(nasa))
        {
            var values = File.ReadLines(nasa).Skip(1).Take(20_160)
                .Select(l => double.Parse(l.Split(',')[2], CultureInfo.InvariantCulture) / 10).ToArray();
            return (values, "NASA July 1995 requests per minute / 10, first 14 days");
        }

        var random = new Random(1);
        var synthetic = Enumerable.Range(0, 20_160)
            .Select(i => Math.Max(0, 10 + (6 * Math.Sin(2 * Math.PI * i / 1440)) + random.NextDouble() - 0.5)).ToArray();
        return (synthetic, "synthetic daily sine with noise (NASA trace not found)");
    }

    private static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))];
    }
}
