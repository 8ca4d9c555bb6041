using Autoscaler.Configuration;
using Autoscaler.Engine;
using Autoscaler.Engine.Formulas;
using Autoscaler.Model;
using Autoscaler.Scaling;
using Autoscaler.Service.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static Autoscaler.Tests.Engine.EngineScript;

namespace Autoscaler.Tests.Engine;

public sealed class ModifierAndFloorTests
{
    [Theory]
    [InlineData("a + b", 3.0, 4.0, 7.0)]
    [InlineData("a * 2 - b / 4", 3.0, 4.0, 5.0)]
    [InlineData("a > 2 ? a : b", 3.0, 4.0, 3.0)]
    [InlineData("a >= 5 || b == 4", 3.0, 4.0, 1.0)]
    [InlineData("min(a, b, 1) + max(a, b)", 3.0, 4.0, 5.0)]
    [InlineData("abs(a - b) + ceil(a / 2) + floor(b / 3)", 3.0, 4.0, 4.0)]
    [InlineData("a ?? 10", null, 4.0, 10.0)]
    [InlineData("(a ?? 0) + b", null, 4.0, 4.0)]
    [InlineData("a + b", null, 4.0, null)]
    [InlineData("!(a < b) ? 1 : -1", 3.0, 4.0, -1.0)]
    public void Formula_Evaluates(string text, double? a, double? b, double? expected)
    {
        var formula = Formula.Parse(text, ["a", "b"]);
        Assert.Equal(expected, formula.Evaluate(n => n == "a" ? a : b));
    }

    [Theory]
    [InlineData("a +", 4, "unexpected end")]
    [InlineData("foo(a)", 1, "unknown function 'foo'")]
    [InlineData("a + c", 5, "unknown trigger 'c'")]
    [InlineData("(a + b", 7, "expected ')'")]
    [InlineData("a ? b", 6, "expected ':'")]
    [InlineData("a $ b", 3, "unexpected '$'")]
    public void Formula_Invalid_ReportsColumn(string text, int column, string message)
    {
        var e = Assert.Throws<FormulaException>(() => Formula.Parse(text, ["a", "b"]));
        Assert.Equal(column, e.Column);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Modifier_FailedTriggerWithCoalesce_ScalesOnFormula()
    {
        var spec = NewSpec(min: 0);
        spec.Triggers = [new ScaleTrigger { Type = "demo", Name = "a" }, new ScaleTrigger { Type = "demo", Name = "b" }];
        spec.Advanced = new AdvancedConfig { ScalingModifiers = new ScalingModifiers { Formula = "(a ?? 0) + b", Target = "10" } };
        var script = new EngineScript(spec, 0);
        var decision = script.At(0, Q(null, name: "a"), Q(35, name: "b", index: 1));
        Assert.True(decision.IsActive);
        Assert.Equal(4, decision.DesiredReplicas);
        Assert.Contains("formula", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScheduledFloor_InsideWindow_RaisesIdleObjectAndLetsItRestOutside()
    {
        var spec = NewSpec(cooldown: 0);
        spec.ScheduledFloors = [new ScheduledFloor { Name = "office", Start = "0 8 * * 1-5", End = "0 18 * * 1-5", Timezone = "Europe/Berlin", MinReplicas = 3 }];
        var script = new EngineScript(spec, 0);
        var berlin = TimeSpan.FromHours(1); // March 2026 is CET
        var inside = script.At(new DateTimeOffset(2026, 3, 2, 9, 0, 0, berlin), Q(0));
        Assert.Equal(3, inside.DesiredReplicas);
        Assert.Equal(ScaleReason.ScheduledFloor, inside.Reason);
        Assert.Equal(5, script.At(new DateTimeOffset(2026, 3, 2, 10, 0, 0, berlin), Q(50)).DesiredReplicas); // triggers above the floor win
        Assert.Equal(0, script.At(new DateTimeOffset(2026, 3, 2, 19, 0, 0, berlin), Q(0)).DesiredReplicas);
        Assert.Equal(0, script.At(new DateTimeOffset(2026, 3, 7, 9, 0, 0, berlin), Q(0)).DesiredReplicas); // Saturday
    }

    [Theory]
    [InlineData("scheduledFloors:\n    - start: \"0 25 * * *\"\n      end: \"0 18 * * *\"\n      minReplicas: 2", "spec.scheduledFloors[0].start")]
    [InlineData("scheduledFloors:\n    - start: \"0 8 * * *\"\n      end: \"0 18 * * *\"\n      timezone: Mars/Olympus\n      minReplicas: 2", "spec.scheduledFloors[0].timezone")]
    [InlineData("scheduledFloors:\n    - start: \"0 8 * * *\"\n      end: \"0 18 * * *\"\n      minReplicas: 0", "spec.scheduledFloors[0].minReplicas")]
    [InlineData("knative:\n    panicThresholdPercentage: 50", "spec.knative.panicThresholdPercentage")]
    [InlineData("knative:\n    stableWindow: 2s", "spec.knative.stableWindow")]
    [InlineData("advanced:\n    scalingModifiers:\n      formula: \"q + (r\"\n      target: \"5\"", "spec.advanced.scalingModifiers.formula")]
    public void Validation_BadPolicyField_NamesFieldPath(string block, string path)
    {
        var yaml = $"""
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata:
              name: orders
            spec:
              scaleTargetRef:
                name: orders
              {block.Replace("\n", "\n  ", StringComparison.Ordinal)}
              triggers:
                - type: demo
                  name: q
            """;
        var services = new ServiceCollection().AddScalers().BuildServiceProvider();
        var loader = new ManifestLoader(new ResourceValidator(services.GetRequiredService<IScalerCatalog>()));
        var result = loader.Load("test.yaml", yaml);
        var error = Assert.Single(result.Errors, e => e.Path == path);
        Assert.True(error.Line > 0, error.ToString());
    }

    [Fact]
    public void Validation_BadFormula_SaysColumn()
    {
        var yaml = """
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata:
              name: orders
            spec:
              scaleTargetRef:
                name: orders
              advanced:
                scalingModifiers:
                  formula: "q + qq"
                  target: "5"
              triggers:
                - type: demo
                  name: q
            """;
        var services = new ServiceCollection().AddScalers().BuildServiceProvider();
        var loader = new ManifestLoader(new ResourceValidator(services.GetRequiredService<IScalerCatalog>()));
        var error = Assert.Single(loader.Load("test.yaml", yaml).Errors);
        Assert.Contains("column 5: unknown trigger 'qq' (did you mean 'q'?)", error.Message, StringComparison.Ordinal);
    }
}
