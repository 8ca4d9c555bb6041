using System.Globalization;
using System.Text;

namespace Autoscaler.Simulation.Reporting;

/// <summary>
/// One SVG per trace: demand (requests/s, grey area) and each policy's ready capacity (requests/s, one line each)
/// over time, downsampled to at most <see cref="SimulationOptions.PlotPoints"/> points by taking the max in each bucket.
/// </summary>
public static class SvgPlot
{
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

    /// <summary>Renders the plot.</summary>
    public static string Render(TraceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        const int width = 1200, height = 420, left = 60, right = 190, top = 30, bottom = 40;
        var points = Math.Max(2, result.Options.PlotPoints);
        var demand = Downsample(result.Demand, points);
        var lines = result.Policies.Select(p => (p.Policy, Values: Downsample(p.ReadyCapacity, points))).ToList();
        var max = Math.Max(demand.DefaultIfEmpty(0).Max(), lines.SelectMany(l => l.Values).DefaultIfEmpty(0).Max());
        max = max <= 0 ? 1 : max * 1.05;
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        string X(int i, int n) => F(left + (n <= 1 ? 0 : (double)i / (n - 1) * plotWidth));
        string Y(double v) => F(top + plotHeight - (v / max * plotHeight));

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        var hours = result.Trace.Intervals * (double)result.Trace.IntervalSeconds / 3600;
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"18\" font-size=\"14\">{Escape(result.Trace.Name)}: demand vs. ready capacity (requests/s) over {F(hours)} h; cold start {F(result.Options.ColdStart.TotalSeconds)} s, {F(result.Options.CapacityPerPod)} req/s per pod</text>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{left + plotWidth}\" y2=\"{top + plotHeight}\" stroke=\"black\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + plotHeight}\" stroke=\"black\"/>\n");
        for (var k = 0; k <= 4; k++)
        {
            var v = max * k / 4;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 5}\" y=\"{Y(v)}\" text-anchor=\"end\">{F(v)}</text>\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + plotWidth}\" y=\"{height - 10}\" text-anchor=\"end\">{F(hours)} h</text>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{height - 10}\">0 h</text>\n");

        var area = new StringBuilder();
        area.Append(CultureInfo.InvariantCulture, $"M{X(0, demand.Length)},{Y(0)}");
        for (var i = 0; i < demand.Length; i++)
        {
            area.Append(CultureInfo.InvariantCulture, $" L{X(i, demand.Length)},{Y(demand[i])}");
        }

        area.Append(CultureInfo.InvariantCulture, $" L{X(demand.Length - 1, demand.Length)},{Y(0)} Z");
        sb.Append(CultureInfo.InvariantCulture, $"<path d=\"{area}\" fill=\"#cccccc\" stroke=\"none\"/>\n");
        Legend(sb, 0, "demand", "#999999", left + plotWidth + 10, top);
        for (var l = 0; l < lines.Count; l++)
        {
            var (name, values) = lines[l];
            var color = Colors[l % Colors.Length];
            var path = new StringBuilder();
            for (var i = 0; i < values.Length; i++)
            {
                path.Append(i == 0 ? 'M' : 'L').Append(X(i, values.Length)).Append(',').Append(Y(values[i])).Append(' ');
            }

            sb.Append(CultureInfo.InvariantCulture, $"<path d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1\" opacity=\"0.8\"/>\n");
            Legend(sb, l + 1, name, color, left + plotWidth + 10, top);
        }

        sb.Append("</svg>\n");
        return sb.ToString();
    }

    private static void Legend(StringBuilder sb, int row, string name, string color, int x, int top)
    {
        var y = top + 10 + (row * 18);
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y - 9}\" width=\"12\" height=\"10\" fill=\"{color}\"/><text x=\"{x + 18}\" y=\"{y}\">{Escape(name)}</text>\n");
    }

    private static double[] Downsample(double[] values, int points)
    {
        if (values.Length <= points)
        {
            return values;
        }

        var result = new double[points];
        for (var b = 0; b < points; b++)
        {
            var from = (int)((long)b * values.Length / points);
            var to = (int)((long)(b + 1) * values.Length / points);
            var m = 0.0;
            for (var i = from; i < to; i++)
            {
                m = Math.Max(m, values[i]);
            }

            result[b] = m;
        }

        return result;
    }

    private static string F(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text) ?? "";
}
