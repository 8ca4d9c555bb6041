using Autoscaler.Prediction.Forecasting;

namespace Autoscaler.Prediction.Tests;

public sealed class PredictorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<int, int, int> ReactiveCases => new()
    {
        { 0, 0, 10 },
        { 0, 3, 10 },
        { 3, 0, 10 },
        { 7, 7, 10 },
        { 12, 10, 10 },
        { 1, 5, 100 },
    };

    [Theory]
    [MemberData(nameof(ReactiveCases))]
    public void NewObject_NoHistory_BehavesExactlyLikeTheReactiveEngine(int reactive, int current, int max)
    {
        var predictor = new WorkloadPredictor(new PredictorOptions());

        var before = predictor.Decide(T0, reactive, current, max);
        for (var i = 0; i < 8; i++)
        {
            predictor.Observe(T0.AddMinutes(i), i % 3 == 0 ? 5 : 0);
        }

        var few = predictor.Decide(T0.AddMinutes(8), reactive, current, max);

        Assert.Equal(reactive, before.Replicas);
        Assert.False(before.FromForecast);
        Assert.Equal(0, before.WarmMinimum);
        Assert.Equal(ForecastModelKind.None, before.Forecast.Model);

        // A few minutes of history fit no model; the only thing learned yet is a keep-alive of at most one replica.
        Assert.Equal(ForecastModelKind.None, few.Forecast.Model);
        Assert.Null(few.Predictive);
        Assert.InRange(few.WarmMinimum, 0, 1);
        Assert.Equal(Math.Max(reactive, Math.Min(max, few.WarmMinimum)), few.Replicas);
    }

    [Theory]
    [InlineData(2.01, 3)]
    [InlineData(3.0, 3)]
    [InlineData(0.04, 0)]
    [InlineData(0.06, 1)]
    public void Combiner_ADemandJustOverAWholeReplica_GetsAnotherOne_OnlyFuzzNearZeroIsIgnored(double demand, int expected)
    {
        var forecast = new DemandForecast
        {
            Now = T0,
            Model = ForecastModelKind.SeasonalNaive,
            LeadTime = TimeSpan.FromSeconds(5),
            Window = TimeSpan.FromSeconds(2),
            Quantile = 0.9,
            PredictedDemand = demand,
            WarmWindow = new Sparse.WarmWindow(Sparse.WarmWindowPolicy.Reactive, TimeSpan.Zero, TimeSpan.Zero, 0, ""),
        };

        var decision = ReplicaCombiner.Combine(forecast, new PredictorOptions { MaxScaleUpFactor = 10 }, 0, 1, 100);

        Assert.Equal(expected, decision.Predictive);
    }

    [Fact]
    public void Nowcast_ASurpriseInTheStepBeingRecorded_RaisesTheForecastOfThatStep()
    {
        static WorkloadPredictor Flat(bool nowcast)
        {
            var p = new WorkloadPredictor(new PredictorOptions { FixedLeadTime = TimeSpan.FromSeconds(4), Window = TimeSpan.FromSeconds(2), Nowcast = nowcast });
            for (var i = 0; i < 6 * 60; i++)
            {
                p.Observe(T0.AddMinutes(i), 2);
            }

            p.Refit(T0.AddMinutes(6 * 60));
            return p;
        }

        var with = Flat(nowcast: true);
        var without = Flat(nowcast: false);
        var surprise = T0.AddMinutes(6 * 60).AddSeconds(10);
        with.Observe(surprise, 5);
        without.Observe(surprise, 5);

        Assert.True(with.Forecast(surprise).PredictedDemand >= 5, $"{with.Forecast(surprise).PredictedDemand}");
        Assert.True(without.Forecast(surprise).PredictedDemand < 3, $"{without.Forecast(surprise).PredictedDemand}");

        // A window in the next step is the model's to forecast.
        var late = surprise.AddSeconds(50);
        Assert.True(with.Forecast(late).PredictedDemand < 3, $"{with.Forecast(late).PredictedDemand}");
    }

    [Fact]
    public void PeakFactor_BurstsWithinSteps_RaiseTheProvisionedDemand_ASmoothWorkloadGetsNone()
    {
        static WorkloadPredictor Run(Func<int, double> sample)
        {
            var p = new WorkloadPredictor(new PredictorOptions { FixedLeadTime = TimeSpan.FromSeconds(30), Window = TimeSpan.FromSeconds(10), Nowcast = false });
            for (var i = 0; i < 6 * 60 * 6; i++)
            {
                p.Observe(T0.AddSeconds(10 * i), sample(i));
            }

            p.Refit(T0.AddHours(6));
            return p;
        }

        // Both average 2 replicas per minute; one arrives evenly, the other in 10-second bursts of 6.
        var smooth = Run(_ => 2).Forecast(T0.AddHours(6));
        var bursty = Run(i => i % 3 == 0 ? 6 : 0).Forecast(T0.AddHours(6));

        Assert.InRange(smooth.PredictedDemand!.Value, 1.9, 2.3);
        Assert.True(bursty.PredictedDemand >= 5.5, $"{bursty.PredictedDemand}");
    }

    [Fact]
    public void StepRise_JumpsBetweenStepsThatTheForecastMisses_RaiseOnlyAWindowThatCrossesTheBoundary()
    {
        static WorkloadPredictor Run(Func<int, double> perMinute, bool stepRise)
        {
            var p = new WorkloadPredictor(new PredictorOptions { FixedLeadTime = TimeSpan.FromSeconds(2), Window = TimeSpan.FromSeconds(2), StepRise = stepRise });
            for (var s = 0; s < 12 * 60 * 6; s++)
            {
                var now = T0.AddSeconds(10 * s);
                p.Observe(now, perMinute(s / 6));
                if (p.IsRefitDue(now))
                {
                    p.Refit(now);
                }

                // Forecasts are made every tick, as the engine does: the last ones before a boundary record what was
                // provisioned for the next step.
                p.Forecast(now);
                p.Forecast(now.AddSeconds(7));
            }

            return p;
        }

        // A level that climbs and falls over two hours, and at random minutes jumps by half of it: the jumps are
        // relative to the level, so one additive band fitted over all levels misses them where the level is high.
        var random = new Random(7);
        var jumps = Enumerable.Range(0, 12 * 60).Select(_ => random.NextDouble() < 0.25).ToArray();
        double Jumpy(int m) => (4 + (40 * Math.Abs(((m % 120) / 60.0) - 1))) * (jumps[m] ? 1.5 : 1);

        // 12 h in: the level is at its top (44), and the step being recorded has no jump.
        var end = T0.AddHours(12);
        var crossing = end.AddSeconds(-3); // the window [now + 2 s, now + 4 s] reaches into the next step
        var inside = end.AddSeconds(-30);  // the window stays in the step being recorded
        var with = Run(Jumpy, stepRise: true);
        var without = Run(Jumpy, stepRise: false);

        // The model's interval (read at the level forecast) covers part of a jump at the top by itself; the rise
        // adds what it has shown to fall short by.
        Assert.True(with.Forecast(crossing).PredictedDemand > without.Forecast(crossing).PredictedDemand + 1, $"{with.Forecast(crossing).PredictedDemand} vs {without.Forecast(crossing).PredictedDemand}");
        Assert.Equal(without.Forecast(inside).PredictedDemand, with.Forecast(inside).PredictedDemand);

        // A workload whose steps never rise beyond what was expected gets nothing extra, even across a boundary.
        var flatWith = Run(_ => 10, stepRise: true).Forecast(crossing);
        var flatWithout = Run(_ => 10, stepRise: false).Forecast(crossing);
        Assert.Equal(flatWithout.PredictedDemand, flatWith.PredictedDemand);
    }

    [Fact]
    public void Backlog_DemandAboveTheReadyReplicas_IsDrainedByTheEndOfTheStep_AndOnlyWhileItLasts()
    {
        static WorkloadPredictor Run(bool drain)
        {
            var p = new WorkloadPredictor(new PredictorOptions { FixedLeadTime = TimeSpan.FromSeconds(2), Window = TimeSpan.FromSeconds(2), DrainBacklog = drain });

            // Two minutes at 10 replicas of demand with 10 ready, then a minute whose demand jumps to 14 while only
            // 10 are ready for its first 10 seconds: 40 replica-seconds of work are left unserved (each observation
            // carries the demand since the previous one and the replicas ready from now on).
            for (var t = 0; t < 120; t += 2)
            {
                p.Observe(T0.AddSeconds(t), 10, 10);
            }

            for (var t = 120; t <= 128; t += 2)
            {
                p.Observe(T0.AddSeconds(t), 14, 10);
            }

            return p;
        }

        var now = T0.AddSeconds(128);
        var with = Run(drain: true);
        var without = Run(drain: false);
        Assert.Equal(40, with.Backlog, 6);

        // 40 replica-seconds over the 50 s left in the step once new replicas are ready: 14 + 0.8, i.e. 15 replicas.
        Assert.Equal(14 + (40 / 50.0), with.Forecast(now).PredictedDemand!.Value, 6);
        Assert.True(without.Forecast(now).PredictedDemand is null or <= 14, $"{without.Forecast(now).PredictedDemand}");
        Assert.Equal(15, with.Decide(now, 14, 10, 100).Replicas);

        // Spare ready capacity drains it (2 replicas over demand for 30 s: the 40 replica-seconds and 8 more that
        // came in before the 16 were ready), and then nothing extra is provisioned.
        for (var t = 130; t <= 160; t += 2)
        {
            with.Observe(T0.AddSeconds(t), 14, 16);
        }

        Assert.Equal(0, with.Backlog);
        Assert.True(with.Forecast(T0.AddSeconds(160)).PredictedDemand is null or <= 14, $"{with.Forecast(T0.AddSeconds(160)).PredictedDemand}");

        // Without ready replicas reported there is no backlog.
        var unknown = new WorkloadPredictor(new PredictorOptions());
        unknown.Observe(T0, 14);
        unknown.Observe(T0.AddSeconds(2), 14);
        Assert.Equal(0, unknown.Backlog);
    }

    [Fact]
    public void Forecast_RaisesReplicasAheadOfARamp_AndNeverLowersThem()
    {
        var predictor = Trained(period: 120, days: 3, out var now);

        // Find a time just before the daily rise: the forecast at now + L is well above the current demand.
        var decisions = new List<PredictionDecision>();
        for (var i = 0; i < 120; i++)
        {
            var t = now.AddMinutes(i);
            predictor.Observe(t, Demand(t, 120));
            decisions.Add(predictor.Decide(t, reactive: (int)Math.Ceiling(Demand(t, 120)), current: (int)Math.Ceiling(Demand(t, 120)), maxReplicas: 100));
        }

        Assert.Contains(decisions, d => d.FromForecast && d.Replicas > d.Reactive);
        Assert.All(decisions, d => Assert.True(d.Replicas >= d.Reactive, d.Message));

        var high = predictor.Decide(now.AddMinutes(120), reactive: 90, current: 90, maxReplicas: 100);
        Assert.Equal(90, high.Replicas);
        Assert.False(high.FromForecast);
    }

    [Fact]
    public void Forecast_IsCappedByMaxScaleUpFactor_AndMaxReplicas()
    {
        var predictor = Trained(period: 120, days: 3, out var now, options: new PredictorOptions { MaxScaleUpFactor = 1.5, FixedLeadTime = TimeSpan.FromMinutes(5) });
        var peak = Enumerable.Range(0, 120).Select(i => now.AddMinutes(i)).MaxBy(t => Demand(t + TimeSpan.FromMinutes(5), 120));
        for (var t = now; t < peak; t = t.AddMinutes(1))
        {
            predictor.Observe(t, Demand(t, 120));
        }

        var capped = predictor.Decide(peak, reactive: 2, current: 2, maxReplicas: 100);
        var atMax = predictor.Decide(peak, reactive: 2, current: 2, maxReplicas: 2);

        Assert.True(capped.Forecast.PredictedDemand > 3, capped.Message);
        Assert.Equal(3, capped.Replicas);
        Assert.Contains("capped", capped.Message);
        Assert.Equal(2, atMax.Replicas);
    }

    [Fact]
    public void Preview_ForecastsAndReports_ButActsReactively()
    {
        var predictor = Trained(period: 120, days: 3, out var now, options: new PredictorOptions { Mode = PredictionMode.Preview });

        var decision = predictor.Decide(now, reactive: 0, current: 0, maxReplicas: 100);

        Assert.Equal(0, decision.Replicas);
        Assert.False(decision.FromForecast);
        Assert.NotNull(decision.Predictive);
        Assert.True(decision.Forecast.Period is { } p && Math.Abs(p.TotalMinutes - 120) <= 2, $"{decision.Forecast.Period}");
        Assert.StartsWith("preview", decision.Message);
    }

    [Fact]
    public void Report_CarriesModelPeriodBacktestAndThePointsForLeadTimePlusWindow()
    {
        var predictor = Trained(period: 120, days: 3, out var now, options: new PredictorOptions { FixedLeadTime = TimeSpan.FromMinutes(3), Window = TimeSpan.FromMinutes(2) });

        var forecast = predictor.Forecast(now);

        Assert.NotEqual(ForecastModelKind.None, forecast.Model);
        Assert.NotNull(forecast.BacktestMase);
        Assert.Equal(TimeSpan.FromMinutes(3), forecast.LeadTime);
        Assert.False(forecast.LeadTimeLearned);
        Assert.True(forecast.Points.Count == 5, string.Join("; ", forecast.Points));
        Assert.Equal(now, forecast.Points[0].Time);
        Assert.All(forecast.Points, p => Assert.True(p.Upper >= p.Expected));
        Assert.Equal(forecast.Points.Skip(3).Max(p => p.Upper), forecast.PredictedDemand!.Value, 9);
    }

    [Fact]
    public void LeadTime_IsLearnedFromTimeToReadySamples_AfterEnoughAreSeen()
    {
        var predictor = new WorkloadPredictor(new PredictorOptions { DefaultLeadTime = TimeSpan.FromSeconds(60) });
        foreach (var s in new[] { 20, 22, 21, 25 })
        {
            predictor.ObserveTimeToReady(TimeSpan.FromSeconds(s));
        }

        var before = predictor.Forecast(T0);
        foreach (var s in new[] { 24, 23, 40, 22, 21, 23 })
        {
            predictor.ObserveTimeToReady(TimeSpan.FromSeconds(s));
        }

        var after = predictor.Forecast(T0);
        predictor.ObserveTimeToReady(TimeSpan.FromSeconds(-5));
        predictor.ObserveTimeToReady(TimeSpan.FromDays(2));

        Assert.Equal(TimeSpan.FromSeconds(60), before.LeadTime);
        Assert.False(before.LeadTimeLearned);
        Assert.True(after.LeadTimeLearned);
        Assert.InRange(after.LeadTime.TotalSeconds, 24, 40); // a high quantile: above the typical 22 s, not the single 40 s outlier
        Assert.Equal(10, predictor.LeadTime.Count);
    }

    [Fact]
    public void FixedLeadTime_IgnoresSamples()
    {
        var predictor = new WorkloadPredictor(new PredictorOptions { FixedLeadTime = TimeSpan.FromSeconds(45) });
        for (var i = 0; i < 10; i++)
        {
            predictor.ObserveTimeToReady(TimeSpan.FromSeconds(200));
        }

        Assert.Equal(TimeSpan.FromSeconds(45), predictor.Forecast(T0).LeadTime);
    }

    [Fact]
    public void FailedReads_AreMissing_AndDoNotLookLikeIdleTime()
    {
        var predictor = new WorkloadPredictor(new PredictorOptions());
        for (var i = 0; i < 200; i++)
        {
            predictor.Observe(T0.AddMinutes(i), i is >= 50 and < 150 ? null : 4);
        }

        Assert.Equal(200, predictor.History.Count);
        Assert.Equal(100, predictor.History.ObservedCount);
        Assert.Equal(0, predictor.IdleTimes.Total);
    }

    [Fact]
    public void RefitSchedule_IsNotEveryTick()
    {
        var predictor = new WorkloadPredictor(new PredictorOptions { RefitInterval = TimeSpan.FromHours(1) });
        for (var i = 0; i < 100; i++)
        {
            predictor.Observe(T0.AddMinutes(i), 3 + (i % 5));
        }

        var now = T0.AddMinutes(100);
        Assert.True(predictor.IsRefitDue(now));
        predictor.Refit(now);
        Assert.False(predictor.IsRefitDue(now.AddMinutes(30)));
        Assert.True(predictor.IsRefitDue(now.AddHours(1)));
    }

    internal static double Demand(DateTimeOffset t, int periodMinutes)
    {
        var minute = (t - T0).TotalMinutes;
        return 10 + (8 * Math.Sin(2 * Math.PI * minute / periodMinutes)) + (0.3 * Math.Sin(minute * 7.3));
    }

    private static WorkloadPredictor Trained(int period, int days, out DateTimeOffset now, PredictorOptions? options = null)
    {
        var predictor = new WorkloadPredictor(options ?? new PredictorOptions { FixedLeadTime = TimeSpan.FromMinutes(5) });
        now = T0;
        for (var i = 0; i < days * 1440; i++)
        {
            now = T0.AddMinutes(i);
            predictor.Observe(now, Demand(now, period));
        }

        now = now.AddMinutes(1);
        predictor.Observe(now, Demand(now, period));
        predictor.Refit(now);
        return predictor;
    }
}

public sealed class ReplicaDemandTests
{
    [Theory]
    [InlineData(42.0, 5.0, true, 3, 8.4)]
    [InlineData(0.0, 5.0, true, 3, 0.0)]
    [InlineData(80.0, 50.0, false, 4, 6.4)]
    [InlineData(80.0, 50.0, false, 0, 1.6)]
    public void Demand_IsTheMetricInReplicaUnits(double value, double target, bool averageValue, int current, double expected)
    {
        Assert.Equal(expected, ReplicaDemand.From(value, target, averageValue, current)!.Value, 9);
    }

    [Fact]
    public void FailedReadsAndBadTargets_AreMissing()
    {
        Assert.Null(ReplicaDemand.From(null, 5, true, 1));
        Assert.Null(ReplicaDemand.From(double.NaN, 5, true, 1));
        Assert.Null(ReplicaDemand.From(3, 0, true, 1));
    }
}
