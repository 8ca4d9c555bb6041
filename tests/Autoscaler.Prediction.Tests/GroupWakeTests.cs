using Autoscaler.Prediction.Group;

namespace Autoscaler.Prediction.Tests;

/// <summary>The group rules (<c>spec.prediction.group</c>): learned pre-warm on a sibling's wake, and the group asleep.</summary>
public sealed class GroupWakeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);
    private const double Threshold = 0.05;

    private static GroupSignal At(GroupWakeModel model, DateTimeOffset now) => model.Evaluate(now, Lead, Window, Grace, Threshold);

    /// <summary>
    /// Ten-hour cycles: "leader" wakes and this object follows two minutes later; "noise" wakes five times an hour
    /// apart in between, each time while this object is cold, and is never followed within the histogram's range.
    /// </summary>
    private static GroupWakeModel Trained(int cycles, out DateTimeOffset next)
    {
        var model = new GroupWakeModel(Step);
        DateTimeOffset? own = null;
        var t = T0;
        for (var c = 0; c < cycles; c++)
        {
            model.SiblingWoke("leader", t, own, ownCold: true);
            own = t + TimeSpan.FromMinutes(2);
            model.OwnWoke(own.Value);
            for (var k = 1; k <= 5; k++)
            {
                model.SiblingWoke("noise", t + TimeSpan.FromHours(k), own, ownCold: true);
            }

            t += TimeSpan.FromHours(10);
        }

        next = t;
        return model;
    }

    [Fact]
    public void ASiblingWhoseWakesAreFollowedByOwnDemand_PreWarmsOverTheLearnedLag_OneWhoseWakesAreNot_DoesNot()
    {
        var model = Trained(4, out var t);

        model.SiblingWoke("leader", t, null, ownCold: true);
        var before = At(model, t + TimeSpan.FromMinutes(1.5));
        var atLag = At(model, t + TimeSpan.FromMinutes(2.5));
        var after = At(model, t + TimeSpan.FromMinutes(4));

        // The lag is two minutes: warm from lag - L until the lag's step plus one decision interval has passed.
        Assert.False(before.Warm);
        Assert.True(atLag.Warm);
        Assert.Contains("leader", atLag.Reason, StringComparison.Ordinal);
        Assert.False(after.Warm);

        var noise = Trained(4, out var u);
        noise.SiblingWoke("noise", u, null, ownCold: true);
        for (var minute = 0.0; minute < 240; minute += 0.5)
        {
            Assert.False(At(noise, u + TimeSpan.FromMinutes(minute)).Warm);
        }
    }

    [Theory]
    [InlineData(10, true)]   // one hit in eleven wakes: p = 2/13 pays for a one-minute pre-warm at the 5 % price
    [InlineData(60, false)]  // one hit in sixty-one: p = 2/63 does not
    public void TheHitProbabilityIsLearned_ASiblingRarelyFollowedStopsPayingForAPreWarm(int misses, bool warm)
    {
        var model = new GroupWakeModel(Step);
        var t = T0;
        model.SiblingWoke("busy", t, null, ownCold: true);
        model.OwnWoke(t);
        for (var i = 0; i < misses; i++)
        {
            t += TimeSpan.FromMinutes(7);
            model.SiblingWoke("busy", t, T0, ownCold: true); // each wake closes the previous one as a miss
        }

        t += TimeSpan.FromMinutes(7);
        model.SiblingWoke("busy", t, T0, ownCold: true);

        Assert.Equal(warm, At(model, t + TimeSpan.FromSeconds(10)).Warm);
    }

    [Fact]
    public void WakesWhileThisObjectIsWarm_TeachNothing()
    {
        var model = new GroupWakeModel(Step);
        var t = T0;
        for (var c = 0; c < 6; c++)
        {
            model.SiblingWoke("leader", t, null, ownCold: false);
            model.OwnWoke(t + TimeSpan.FromMinutes(2));
            t += TimeSpan.FromHours(10);
        }

        model.SiblingWoke("leader", t, null, ownCold: true);

        Assert.False(At(model, t + TimeSpan.FromMinutes(2.5)).Warm);
    }

    [Fact]
    public void AnObjectThatOnlyEverWokeWithItsGroup_IsAsleepWhenTheGroupIsQuiet_OneThatWokeAloneIsNot()
    {
        var together = new GroupWakeModel(Step);
        var alone = new GroupWakeModel(Step);
        var t = T0;
        for (var c = 0; c < 6; c++)
        {
            together.SiblingActive(t);
            together.OwnWoke(t + Step);
            alone.SiblingActive(t);
            alone.OwnWoke(t + TimeSpan.FromHours(3)); // three hours after the group's last activity
            t += TimeSpan.FromHours(10);
        }

        together.SiblingActive(t);
        alone.SiblingActive(t);

        // Samples of 2 steps each (from the group's step start to the end of the own step): S = 12, n = 6, so the
        // 99 % bound is 12 (0.01^(-1/6) - 1) ≈ 13.9 minutes of quiet.
        Assert.False(At(together, t + TimeSpan.FromMinutes(10)).Asleep);
        Assert.True(At(together, t + TimeSpan.FromMinutes(15)).Asleep);
        Assert.False(At(alone, t + TimeSpan.FromMinutes(15)).Asleep);
        Assert.False(At(alone, t + TimeSpan.FromHours(3)).Asleep);
    }

    [Fact]
    public void FewerOwnWakesThanTheHistogramNeeds_NeverAsleep()
    {
        var model = new GroupWakeModel(Step);
        var t = T0;
        for (var c = 0; c < Sparse.IdleTimeHistogram.MinSamples - 1; c++)
        {
            model.SiblingActive(t);
            model.OwnWoke(t + Step);
            t += TimeSpan.FromHours(10);
        }

        model.SiblingActive(t);

        Assert.False(At(model, t + TimeSpan.FromHours(5)).Asleep);
    }

    [Fact]
    public void Predictor_PreWarmsFromZeroOnALeadersWake_OnlyWhenItLearnedThatTheLeaderLeads()
    {
        var options = new PredictorOptions { FixedLeadTime = Lead, Window = Window };
        var leads = new WorkloadPredictor(options with { Group = "shop" });
        var follows = new WorkloadPredictor(options with { Group = "shop" });

        // Gaps of several hours (beyond the keep-alive), fewer than the histogram needs for a pre-warm of its own.
        double[] gapsHours = [5, 7, 5.5, 6.5];
        var t = T0;
        foreach (var gap in gapsHours)
        {
            for (var m = 0; m < gap * 60; m++)
            {
                var now = t + TimeSpan.FromMinutes(m);
                if (m == 0)
                {
                    leads.ObserveSiblingWake("leader", now);
                    leads.ObserveSiblingActive(now);
                }

                if (m == 30)
                {
                    // In the control the sibling wakes half an hour after this object's demand, not before it.
                    follows.ObserveSiblingWake("leader", now);
                    follows.ObserveSiblingActive(now);
                }

                var demand = m == 1 ? 1.0 : 0.0;
                leads.Observe(now, demand);
                follows.Observe(now, demand);
            }

            t += TimeSpan.FromHours(gap);
        }

        leads.ObserveSiblingWake("leader", t);
        follows.ObserveSiblingWake("leader", t);
        var check = t + TimeSpan.FromSeconds(61); // the learned lag is one minute: ready one lead time before it
        leads.Observe(check, 0);
        follows.Observe(check, 0);
        var warm = leads.Forecast(check);
        var cold = follows.Forecast(check);

        Assert.Equal(1, warm.WarmMinimumFromZero);
        Assert.Contains("sibling leader", warm.Group, StringComparison.Ordinal);
        Assert.Equal(1, leads.Decide(check, 0, 0, 10).Replicas);
        Assert.Equal(0, cold.WarmMinimumFromZero);
        Assert.Null(cold.Group);
    }

    [Fact]
    public void NoGroup_BehavesExactlyAsBefore_AGroupWithNoSiblingEventsToo()
    {
        var plain = new WorkloadPredictor(new PredictorOptions());
        var grouped = new WorkloadPredictor(new PredictorOptions { Group = "shop" });
        var random = new Random(7);
        for (var m = 0; m < 3 * 24 * 60; m++)
        {
            var now = T0 + TimeSpan.FromMinutes(m);
            var demand = random.NextDouble() < 0.02 ? random.Next(1, 4) : 0.0;
            plain.Observe(now, demand);
            grouped.Observe(now, demand);
            if (plain.IsRefitDue(now))
            {
                plain.Refit(now);
                grouped.Refit(now);
            }

            var a = plain.Forecast(now + TimeSpan.FromSeconds(20));
            var b = grouped.Forecast(now + TimeSpan.FromSeconds(20));
            Assert.Equal(a.WarmMinimum, b.WarmMinimum);
            Assert.Equal(a.WarmMinimumFromZero, b.WarmMinimumFromZero);
            Assert.Equal(a.ProbabilityOfDemand, b.ProbabilityOfDemand);
            Assert.Equal(a.PredictedDemand, b.PredictedDemand);
            Assert.Null(b.Group);
        }

        Assert.Null(plain.Group);
        Assert.Null(grouped.Group);
    }
}
