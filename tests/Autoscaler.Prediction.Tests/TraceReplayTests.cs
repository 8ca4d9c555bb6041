using Autoscaler.Prediction.Forecasting;
using Xunit.Abstractions;

namespace Autoscaler.Prediction.Tests;

/// <summary>Replays real traces through the predictor, minute by minute, as the engine would.</summary>
public sealed class TraceReplayTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset T0 = new(1995, 7, 1, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Nasa_DailyModel_IntervalCoverageOnHeldOutDays_MatchesTheQuantile()
    {
        var trace = Traces.Nasa();
        if (trace is null)
        {
            return;
        }

        // Requests per minute; one replica serves 10 per minute (replica units = requests / 10).
        var demand = trace.Select(r => r / 10).ToArray();
        var lead = TimeSpan.FromMinutes(5);
        var predictor = new WorkloadPredictor(new PredictorOptions { Quantile = 0.9, FixedLeadTime = lead, Window = TimeSpan.FromMinutes(1) });
        const int Train = 14 * 1440;
        const int HeldOut = 3 * 1440;
        for (var i = 0; i < Train; i++)
        {
            predictor.Observe(T0.AddMinutes(i), demand[i]);
        }

        var upperAt = new Dictionary<int, double>();
        int covered = 0, total = 0, predictiveShort = 0, reactiveShort = 0;
        long predictiveReplicaMinutes = 0, reactiveReplicaMinutes = 0;
        for (var i = Train; i < Train + HeldOut; i++)
        {
            var now = T0.AddMinutes(i);
            predictor.Observe(now, demand[i]);
            if (predictor.IsRefitDue(now))
            {
                predictor.Refit(now);
            }

            if (upperAt.Remove(i, out var upper))
            {
                total++;
                covered += demand[i] <= upper ? 1 : 0;
            }

            var forecast = predictor.Forecast(now);
            var point = forecast.Points.Single(p => p.Time == now + lead);
            upperAt[i + 5] = point.Upper;

            // Provisioning: what is decided now serves minute i + 5; reactive provisions what it sees now.
            if (i + 5 < demand.Length)
            {
                var reactive = (int)Math.Ceiling(demand[i]);
                var decided = predictor.Decide(now, reactive, reactive, 1000).Replicas;
                predictiveShort += decided < demand[i + 5] ? 1 : 0;
                predictiveReplicaMinutes += decided;
                reactiveReplicaMinutes += reactive;
                reactiveShort += reactive < demand[i + 5] ? 1 : 0;
            }
        }

        var final = predictor.Forecast(T0.AddMinutes(Train + HeldOut));
        var coverage = covered / (double)total;
        output.WriteLine($"model {final.Model} ({final.ModelParameters}), period {final.Period}, MASE {final.BacktestMase:0.###}, coverage {coverage:0.###} of {total}; under-provisioned minutes: predictive {predictiveShort}, reactive {reactiveShort}; replica-minutes: predictive {predictiveReplicaMinutes}, reactive {reactiveReplicaMinutes}");

        // NASA has daily and weekly cycles (the first two weeks alone read as daily: see Nasa_IsDaily); later windows
        // that include the July 4 holiday may read as weekly. Either way the period is a whole number of days, within 1 %.
        Assert.True(final.Period is { } p && Math.Abs(p.TotalMinutes - (1440 * Math.Round(p.TotalMinutes / 1440))) <= 0.01 * p.TotalMinutes, $"period {final.Period}");
        Assert.NotEqual(ForecastModelKind.None, final.Model);
        Assert.InRange(coverage, 0.84, 0.96);
        Assert.True(predictiveShort < reactiveShort / 2, $"predictive {predictiveShort} vs reactive {reactiveShort}");
    }

    [Fact]
    public void AzureFunctions_HybridHistogram_LearnsPreWarmAndKeepAlive()
    {
        var functions = Traces.AzureFunctions();
        if (functions is null)
        {
            return;
        }

        var totals = new Totals();
        foreach (var (trigger, minutes) in functions)
        {
            var reactive = Simulate(minutes, predictor: null, keepAliveMinutes: 1);
            var fixedKeepAlive = Simulate(minutes, predictor: null, keepAliveMinutes: 10);
            var predictor = new WorkloadPredictor(new PredictorOptions { FixedLeadTime = TimeSpan.FromMinutes(1), Window = TimeSpan.FromMinutes(1) });
            var predictive = Simulate(minutes, predictor, keepAliveMinutes: 1);
            var window = predictor.IdleTimes.Window(TimeSpan.FromMinutes(1));
            output.WriteLine($"{trigger,-14} invocations {minutes.Count(m => m > 0),4}: cold starts reactive {reactive.ColdStarts,3}, keep-alive-10m {fixedKeepAlive.ColdStarts,3}, predictive {predictive.ColdStarts,3}; idle warm minutes {reactive.IdleMinutes,4} / {fixedKeepAlive.IdleMinutes,4} / {predictive.IdleMinutes,4}; {window.Policy}: {window.Reason}");
            totals.Add(reactive, fixedKeepAlive, predictive);

            // Never worse than the reactive engine it sits on.
            Assert.True(predictive.ColdStarts <= reactive.ColdStarts, trigger);

            if (minutes.Count(m => m > 0) > 200 && minutes.Where(m => m > 0).Count() == 288)
            {
                // A function invoked every 5 minutes: after the first hours the histogram pre-warms each invocation.
                Assert.Equal(WarmWindowPolicyName.Histogram, window.Policy.ToString());
                Assert.True(predictive.LateColdStarts == 0, $"{trigger}: {predictive.LateColdStarts} cold starts in the second half of the day");
                Assert.True(reactive.LateColdStarts > 100, $"{trigger}: reactive had only {reactive.LateColdStarts}");
                Assert.True(predictive.IdleMinutes < fixedKeepAlive.IdleMinutes, $"{predictive.IdleMinutes} vs {fixedKeepAlive.IdleMinutes}");
            }
        }

        output.WriteLine($"total cold starts reactive {totals.Reactive.ColdStarts}, keep-alive-10m {totals.Fixed.ColdStarts}, predictive {totals.Predictive.ColdStarts}; idle warm minutes {totals.Reactive.IdleMinutes} / {totals.Fixed.IdleMinutes} / {totals.Predictive.IdleMinutes}");
        Assert.True(totals.Predictive.ColdStarts < totals.Fixed.ColdStarts, "fewer cold starts than a fixed 10-minute keep-alive");

        // Cost against benefit: the learned keep-alive may spend more idle time than a fixed 10 minutes, but a fixed
        // keep-alive given at least the same idle budget must still have more cold starts (the learned windows sit
        // where the next invocation is, not everywhere).
        var (budgetMinutes, sameBudget) = Enumerable.Range(1, 24 * 60)
            .Select(k => (k, Outcome: functions.Select(f => Simulate(f.Minutes, predictor: null, keepAliveMinutes: k)).Aggregate(new Outcome(0, 0, 0), (a, b) => new Outcome(a.ColdStarts + b.ColdStarts, a.LateColdStarts + b.LateColdStarts, a.IdleMinutes + b.IdleMinutes))))
            .First(x => x.Outcome.IdleMinutes >= totals.Predictive.IdleMinutes);
        output.WriteLine($"fixed keep-alive with at least the same idle budget: {budgetMinutes} min, cold starts {sameBudget.ColdStarts}, idle warm minutes {sameBudget.IdleMinutes}");
        Assert.True(totals.Predictive.ColdStarts < sameBudget.ColdStarts, $"predictive {totals.Predictive.ColdStarts} cold starts vs {sameBudget.ColdStarts} for a fixed {budgetMinutes}-minute keep-alive with the same idle budget");
    }

    /// <summary>
    /// A minute-step replay with a one-minute cold start: the decision made when minute t has ended (at the start of
    /// minute t + 1) brings up replicas that are ready for minute t + 2. The reactive rule is KEDA's: ceil(invocations)
    /// while active, then one replica until the keep-alive (cooldown) has passed. An invocation in a minute with no
    /// ready replica is a cold start; a minute with replicas and no invocation is idle warm time.
    /// </summary>
    private static Outcome Simulate(double[] minutes, WorkloadPredictor? predictor, int keepAliveMinutes)
    {
        var origin = new DateTimeOffset(2019, 7, 15, 0, 0, 0, TimeSpan.Zero);
        int cold = 0, late = 0, idle = 0, lastActive = -1_000_000;
        var ready = new int[minutes.Length + 2];
        for (var t = 0; t < minutes.Length; t++)
        {
            if (minutes[t] > 0 && ready[t] == 0)
            {
                cold++;
                late += t >= minutes.Length / 2 ? 1 : 0;
            }
            else if (minutes[t] == 0 && ready[t] > 0)
            {
                idle++;
            }

            if (minutes[t] > 0)
            {
                lastActive = t;
            }

            var reactive = minutes[t] > 0 ? (int)Math.Ceiling(minutes[t]) : t - lastActive < keepAliveMinutes ? 1 : 0;
            if (predictor is null)
            {
                ready[t + 2] = reactive;
                continue;
            }

            predictor.Observe(origin.AddMinutes(t), minutes[t]);
            var now = origin.AddMinutes(t + 1);
            if (predictor.IsRefitDue(now))
            {
                predictor.Refit(now);
            }

            ready[t + 2] = predictor.Decide(now, reactive, ready[t + 1], 100).Replicas;
        }

        return new Outcome(cold, late, idle);
    }

    private sealed record Outcome(int ColdStarts, int LateColdStarts, int IdleMinutes);

    private sealed class Totals
    {
        public Outcome Reactive { get; private set; } = new(0, 0, 0);

        public Outcome Fixed { get; private set; } = new(0, 0, 0);

        public Outcome Predictive { get; private set; } = new(0, 0, 0);

        public void Add(Outcome reactive, Outcome fixedKeepAlive, Outcome predictive)
        {
            Reactive = Sum(Reactive, reactive);
            Fixed = Sum(Fixed, fixedKeepAlive);
            Predictive = Sum(Predictive, predictive);
        }

        private static Outcome Sum(Outcome a, Outcome b) => new(a.ColdStarts + b.ColdStarts, a.LateColdStarts + b.LateColdStarts, a.IdleMinutes + b.IdleMinutes);
    }

    private static class WarmWindowPolicyName
    {
        public const string Histogram = "Histogram";
    }
}
