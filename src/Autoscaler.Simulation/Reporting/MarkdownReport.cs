using System.Globalization;
using System.Text;

namespace Autoscaler.Simulation.Reporting;

/// <summary>The comparison tables, as markdown. Invariant culture, fixed formats: the same results give the same bytes.</summary>
public static class MarkdownReport
{
    /// <summary>The column header of a results table.</summary>
    public const string Header = "| trace | policy | requests | cold-start requests | cold % | p75 cold % per function | SLO-violation intervals | replica-seconds | idle replica-seconds | slack | scale actions | peak replicas |";

    /// <summary>One table with a row per trace and policy.</summary>
    public static string Table(IEnumerable<TraceResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var sb = new StringBuilder();
        sb.Append(Header).Append('\n');
        sb.Append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        foreach (var trace in results)
        {
            foreach (var p in trace.Policies)
            {
                var t = p.Total;
                sb.Append(CultureInfo.InvariantCulture, $"| {trace.Trace.Name} | {p.Policy} | {N0(t.Requests)} | {N0(t.ColdStartRequests)} | {F(t.ColdStartPercent, "0.000")} | {(p.P75ColdStartPercent is { } p75 ? F(p75, "0.00") : "–")} | {t.SloViolationIntervals} / {t.Intervals} | {N0(t.ReplicaSeconds)} | {N0(t.IdleReplicaSeconds)} | {F(t.Slack, "0.000")} | {t.ScaleActions} | {t.PeakReplicas} |\n");
            }
        }

        return sb.ToString();
    }

    /// <summary>A full report: the settings, the table, and the plot links.</summary>
    public static string Document(IReadOnlyList<TraceResult> results, IReadOnlyList<(string Name, string Description)> policies, IReadOnlyDictionary<string, string> plots)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(plots);
        var sb = new StringBuilder();
        var options = results.Count > 0 ? results[0].Options : new SimulationOptions();
        sb.Append("# Simulation results\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Capacity per pod: {F(options.CapacityPerPod, "0.###")} requests/s; cold start: {F(options.ColdStart.TotalSeconds, "0.###")} s.\n\n");
        sb.Append("Policies:\n\n");
        foreach (var (name, description) in policies)
        {
            sb.Append(CultureInfo.InvariantCulture, $"- `{name}`: {description}\n");
        }

        sb.Append('\n').Append(Table(results)).Append('\n');
        if (plots.Count > 0)
        {
            sb.Append("Plots (demand vs. ready capacity per policy):\n\n");
            foreach (var (trace, file) in plots)
            {
                sb.Append(CultureInfo.InvariantCulture, $"- [{trace}]({file})\n");
            }
        }

        return sb.ToString();
    }

    private static string N0(double x) => Math.Round(x).ToString("#,0", CultureInfo.InvariantCulture);

    private static string F(double x, string format) => x.ToString(format, CultureInfo.InvariantCulture);
}
