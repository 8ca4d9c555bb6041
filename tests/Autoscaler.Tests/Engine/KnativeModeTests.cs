using Autoscaler.Engine;
using Autoscaler.Model;
using static Autoscaler.Tests.Engine.EngineScript;

namespace Autoscaler.Tests.Engine;

public sealed class KnativeModeTests
{
    private static EngineScript Knative(int current, KnativeScaling? settings = null, int polling = 2)
    {
        var spec = NewSpec();
        spec.PollingInterval = polling;
        spec.Knative = settings ?? new KnativeScaling();
        return new EngineScript(spec, current);
    }

    [Fact]
    public void Burst_FromOnePod_PanicsAndScalesToTargetAtSeventyPercent()
    {
        var script = Knative(1);
        var decision = script.At(0, Q(100)); // 100 / 10 per pod = 10 pods at 100 %, 10 / 0.7 → 15
        Assert.Equal(15, decision.DesiredReplicas);
        Assert.Equal(ScaleReason.KnativePanic, decision.Reason);
    }

    [Fact]
    public void Panic_DemandDrops_NoScaleDownUntilStableWindowAfterPanic()
    {
        var script = Knative(1);
        script.At(0, Q(100));
        for (var t = 2; t <= 60; t += 2)
        {
            Assert.Equal(15, script.At(t, Q(7)).DesiredReplicas);
        }

        var after = script.At(64, Q(7));
        Assert.Equal(ScaleReason.KnativeStable, after.Reason);
        Assert.True(after.DesiredReplicas < 15);
    }

    [Fact]
    public void Stable_NoDemand_HalvesAtMostPerDecision()
    {
        var script = Knative(10);
        var first = script.At(0, Q(0));
        Assert.Equal(5, first.DesiredReplicas); // floor(10 / maxScaleDownRate 2)
        Assert.Equal(2, script.At(2, Q(0)).DesiredReplicas);
    }

    [Fact]
    public void ScaleToZero_WaitsForGracePeriod()
    {
        var script = Knative(1);
        var held = script.At(0, Q(0));
        Assert.Equal(1, held.DesiredReplicas);
        Assert.Equal(ScaleReason.ScaleToZeroGrace, held.Reason);
        Assert.Equal(1, script.At(28, Q(0)).DesiredReplicas);
        var zero = script.At(30, Q(0));
        Assert.Equal(0, zero.DesiredReplicas);
        Assert.Equal(ScaleReason.ScaledToZero, zero.Reason);
    }

    [Fact]
    public void ScaleDownDelay_KeepsHighestCountWithinDelay()
    {
        var script = Knative(1, new KnativeScaling { ScaleDownDelay = "30s", StableWindow = "6s", PanicThresholdPercentage = 1000 });
        Assert.Equal(2, script.At(0, Q(10)).DesiredReplicas); // 1 pod at 100 % → 2 at 70 %
        Assert.Equal(2, script.At(20, Q(0)).DesiredReplicas);
        Assert.Equal(1, script.At(40, Q(0)).DesiredReplicas);
    }

    [Fact]
    public void ActivationScale_FromZero_StartsAtLeastActivationScale()
    {
        var script = Knative(0, new KnativeScaling { ActivationScale = 3 });
        Assert.Equal(3, script.At(0, Q(1)).DesiredReplicas);
    }
}
