using Autoscaler.Engine;
using Autoscaler.Model;
using Autoscaler.Scaling;
using Autoscaler.Service.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static Autoscaler.Tests.Engine.EngineScript;

namespace Autoscaler.Tests.Engine;

public sealed class OneEngineTests
{
    [Fact]
    public void ScaleToZero_AfterCooldown_FollowsScaleDownPolicyInsteadOfDroppingToZero()
    {
        // KEDA #7204 / #7770: the trigger is inactive (below its activation threshold) while its metric still asks for
        // 8 replicas; after the cooldown the step to zero goes at the scale-down policy's pace (2 pods per 30 s).
        var behavior = new HpaBehavior { ScaleDown = Rules(0, null, ("Pods", 2, 30)) };
        var script = new EngineScript(NewSpec(cooldown: 60, behavior: behavior), 8);
        Assert.Equal(8, script.At(0, Q(80, activation: 50)).DesiredReplicas); // active
        Assert.Equal(6, script.At(30, Q(45, activation: 50)).DesiredReplicas); // inactive, cooldown pending: 5 asked, 2 per 30 s allowed
        var cooled = new List<int>();
        for (var t = 90; t <= 240; t += 31)
        {
            cooled.Add(script.At(t, Q(45, activation: 50)).DesiredReplicas);
        }

        Assert.Equal([4, 2, 0, 0, 0], cooled);
        Assert.All(cooled.Zip(cooled.Skip(1)), pair => Assert.True(pair.First - pair.Second <= 2, $"{pair.First} → {pair.Second} skips the policy"));
    }

    [Fact]
    public void CooldownPending_Inactive_KeepsAtLeastOneUntilCooldownThenZero()
    {
        var script = new EngineScript(NewSpec(cooldown: 300), 1);
        Assert.Equal(1, script.At(0, Q(5)).DesiredReplicas);
        var pending = script.At(100, Q(0));
        Assert.Equal(1, pending.DesiredReplicas);
        Assert.Equal(ScaleReason.CooldownPending, pending.Reason);
        var zero = script.At(301, Q(0));
        Assert.Equal(0, zero.DesiredReplicas);
        Assert.Equal(ScaleReason.ScaledToZero, zero.Reason);
    }

    [Fact]
    public void IdleReplicaCount_InactiveForLong_StaysAtIdleWithoutFlapping()
    {
        // KEDA #8172 / #2314: with idleReplicaCount 1 and minReplicaCount 3, KEDA and the HPA fight (1 ↔ 3).
        var spec = NewSpec(min: 3, max: 10, cooldown: 60);
        spec.IdleReplicaCount = 1;
        var script = new EngineScript(spec, 3);
        var counts = new List<int>();
        for (var t = 0; t <= 1200; t += 15)
        {
            counts.Add(script.At(t, Q(0)).DesiredReplicas);
        }

        var afterCooldown = counts.Skip(6).ToList();
        Assert.All(afterCooldown, c => Assert.Equal(1, c));
        var active = script.At(1215, Q(45));
        Assert.Equal(ScaleReason.Activated, active.Reason);
        Assert.Equal(5, active.DesiredReplicas);
    }

    [Fact]
    public void ScaleFromZero_DefaultBehavior_ActivatesStraightToRecommendation()
    {
        var script = new EngineScript(NewSpec(), 0);
        var decision = script.At(0, Q(200));
        Assert.True(decision.IsActive);
        Assert.Equal(ScaleReason.Activated, decision.Reason);
        Assert.Equal(20, decision.DesiredReplicas);
    }

    [Fact]
    public void ScaleFromZero_OwnScaleUpPolicy_BoundsActivationThenNextPeriod()
    {
        var behavior = new HpaBehavior { ScaleUp = Rules(null, null, ("Pods", 4, 15)) };
        var script = new EngineScript(NewSpec(behavior: behavior), 0);
        var decision = script.At(0, Q(200));
        Assert.Equal(4, decision.DesiredReplicas);
        Assert.Equal(ScaleReason.ScaleUpLimited, decision.Reason);
        Assert.Equal(8, script.At(15.5, Q(200)).DesiredReplicas);
    }

    [Fact]
    public void ScaleToZero_DefaultBehavior_CooldownNotStretchedByStabilizationWindow()
    {
        var script = new EngineScript(NewSpec(cooldown: 60), 0);
        Assert.Equal(9, script.At(0, Q(90)).DesiredReplicas);
        Assert.Equal(9, script.At(30, Q(0)).DesiredReplicas); // cooldown pending; the 300 s scale-down window holds 9
        var zero = script.At(61, Q(0));
        Assert.Equal(0, zero.DesiredReplicas); // the cooldown, not the 300 s window, governs the step to zero
        Assert.Equal(ScaleReason.ScaledToZero, zero.Reason);
    }

    [Fact]
    public void PerTriggerBehavior_FastTriggerScalesDownAtOnceWhileSlowOneIsStabilized()
    {
        // KEDA #7405: a queue trigger may drop at once, a CPU-like trigger keeps its 300 s window.
        var spec = NewSpec(min: 1);
        spec.Triggers =
        [
            new ScaleTrigger { Type = "demo", Name = "queue", Behavior = new HpaBehavior { ScaleDown = Rules(0) } },
            new ScaleTrigger { Type = "demo", Name = "cpu" },
        ];
        var script = new EngineScript(spec, 8);
        Assert.Equal(8, script.At(0, Q(80, name: "queue"), Q(40, name: "cpu", index: 1)).DesiredReplicas);
        var down = script.At(30, Q(10, name: "queue"), Q(10, name: "cpu", index: 1));
        Assert.Equal(4, down.DesiredReplicas); // queue says 1 (own window 0); cpu is held at its 300 s max (4)
        Assert.Contains("trigger 'cpu'", down.Message, StringComparison.Ordinal);
        Assert.Equal(1, script.At(301, Q(10, name: "queue"), Q(10, name: "cpu", index: 1)).DesiredReplicas);
    }

    [Fact]
    public void PerTriggerBehavior_InvalidRules_ValidationNamesTriggerPath()
    {
        var catalog = new ServiceCollection().AddScalers().BuildServiceProvider().GetRequiredService<IScalerCatalog>();
        var loader = new Autoscaler.Configuration.ManifestLoader(new Autoscaler.Configuration.ResourceValidator(catalog));
        var result = loader.Load("t.yaml", """
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata:
              name: orders
            spec:
              scaleTargetRef:
                name: orders
              triggers:
                - type: demo
                  name: q
                  behavior:
                    scaleDown:
                      selectPolicy: Fastest
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("spec.triggers[0].behavior.scaleDown.selectPolicy", error.Path);
    }
}
