namespace Autoscaler.Tests.Configuration;

public sealed class InvalidYamlTests
{
    private const string Head = """
        apiVersion: autoscaler.dev/v1alpha1
        kind: ScaledObject
        metadata:
          name: worker
        spec:
          scaleTargetRef:
            name: worker

        """;

    private const string CronTrigger = """
          triggers:
            - type: cron
              metadata:
                timezone: UTC
                start: 0 8 * * *
                end: 0 18 * * *
                desiredReplicas: "3"

        """;

    /// <summary>(case, yaml, field path, line, words the message must contain).</summary>
    public static TheoryData<string, string, string, int, string> Cases => new()
    {
        { "unknown top-level spec field, with a hint", Head + "  pollingIntervall: 5\n" + CronTrigger, "spec.pollingIntervall", 8, "did you mean 'pollingInterval'" },
        { "unknown field in scaleTargetRef", Head.Replace("    name: worker\n", "    name: worker\n    knd: Deployment\n", StringComparison.Ordinal) + CronTrigger, "spec.scaleTargetRef.knd", 8, "did you mean 'kind'" },
        { "wrong type for an integer", Head + "  maxReplicaCount: lots\n" + CronTrigger, "spec.maxReplicaCount", 8, "expected a whole number, got 'lots'" },
        { "negative minimum", Head + "  minReplicaCount: -1\n" + CronTrigger, "spec.minReplicaCount", 8, "must be at least 0" },
        { "max below min", Head + "  minReplicaCount: 5\n  maxReplicaCount: 2\n" + CronTrigger, "spec.maxReplicaCount", 9, "must be at least minReplicaCount (5)" },
        { "idle not below min", Head + "  idleReplicaCount: 3\n  minReplicaCount: 3\n" + CronTrigger, "spec.idleReplicaCount", 8, "must be less than minReplicaCount" },
        { "polling interval zero", Head + "  pollingInterval: 0\n" + CronTrigger, "spec.pollingInterval", 8, "must be at least 1" },
        { "no triggers", Head, "spec.triggers", 5, "at least one trigger" },
        { "unknown trigger type lists the known ones", Head + "  triggers:\n    - type: crn\n      metadata: {}\n", "spec.triggers[0].type", 9, "(did you mean 'cron'?); known types: " },
        { "trigger metadata unknown key", Head + CronTrigger + "        desiredReplica: \"3\"\n", "spec.triggers[0].metadata.desiredReplica", 15, "did you mean 'desiredReplicas'" },
        { "trigger metadata bad number", Head + CronTrigger.Replace("\"3\"", "\"three\"", StringComparison.Ordinal), "spec.triggers[0].metadata.desiredReplicas", 14, "must be a whole number" },
        { "trigger metadata missing required", Head + CronTrigger.Replace("        timezone: UTC\n", "", StringComparison.Ordinal), "spec.triggers[0].metadata.timezone", 10, "is required" },
        { "cron expression invalid", Head + CronTrigger.Replace("0 8 * * *", "0 25 * * *", StringComparison.Ordinal), "spec.triggers[0].metadata.start", 12, "invalid cron expression" },
        { "cron unknown time zone", Head + CronTrigger.Replace("UTC", "Mars/Olympus", StringComparison.Ordinal), "spec.triggers[0].metadata.timezone", 11, "unknown time zone" },
        { "metricType not allowed", Head + CronTrigger + "      metricType: Average\n", "spec.triggers[0].metricType", 15, "must be one of AverageValue, Value, Utilization" },
        { "duplicate trigger names", Head + "  triggers:\n    - type: demo\n      name: q\n    - type: demo\n      name: q\n", "spec.triggers[1].name", 12, "must be unique" },
        { "fallback threshold zero", Head + "  fallback:\n    failureThreshold: 0\n    replicas: 2\n" + CronTrigger, "spec.fallback.failureThreshold", 9, "must be at least 1" },
        { "fallback behavior misspelt", Head + "  fallback:\n    failureThreshold: 1\n    replicas: 2\n    behavior: currentReplica\n" + CronTrigger, "spec.fallback.behavior", 11, "did you mean 'currentReplicas'" },
        { "hpa policy period too long", Head + "  advanced:\n    horizontalPodAutoscalerConfig:\n      behavior:\n        scaleUp:\n          policies:\n            - type: Pods\n              value: 4\n              periodSeconds: 3600\n" + CronTrigger, "spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleUp.policies[0].periodSeconds", 15, "from 1 to 1800" },
        { "formula without target", Head + "  advanced:\n    scalingModifiers:\n      formula: a\n" + CronTrigger.Replace("    - type: cron\n", "    - type: cron\n      name: a\n", StringComparison.Ordinal), "spec.advanced.scalingModifiers.target", 9, "is required when a formula is set" },
        { "bad name", Head.Replace("name: worker\nspec", "name: Worker_1\nspec", StringComparison.Ordinal) + CronTrigger, "metadata.name", 4, "not a valid name" },
        { "list where a mapping belongs", Head + "  fallback: [1, 2]\n" + CronTrigger, "spec.fallback", 8, "expected a mapping, got a list" },
        { "metadata value is a mapping", Head + "  triggers:\n    - type: demo\n      metadata:\n        mode:\n          nested: true\n", "spec.triggers[0].metadata.mode", 12, "expected a string, got a mapping" },
        { "unknown kind, with a hint", "apiVersion: keda.sh/v1alpha1\nkind: ScaledObjekt\nmetadata:\n  name: x\n", "kind", 2, "did you mean 'ScaledObject'" },
        { "unsupported version of our group", "apiVersion: keda.sh/v1beta9\nkind: ScaledObject\nmetadata:\n  name: x\n", "apiVersion", 1, "unsupported version" },
        { "scaled job without template", "apiVersion: keda.sh/v1alpha1\nkind: ScaledJob\nmetadata:\n  name: j\nspec:\n  jobTargetRef:\n    parallelism: 2\n  triggers:\n    - type: demo\n", "spec.jobTargetRef.template", 6, "is required" },
        { "trigger authentication entry missing key", "apiVersion: keda.sh/v1alpha1\nkind: TriggerAuthentication\nmetadata:\n  name: a\nspec:\n  secretTargetRef:\n    - parameter: p\n      name: s\n", "spec.secretTargetRef[0].key", 7, "is required" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void InvalidDocument_IsReportedWithFieldPathAndLine_AndNotLoaded(string name, string yaml, string path, int line, string words)
    {
        var result = LoaderFixture.Load(yaml);

        Assert.Empty(result.Resources);
        var error = Assert.Single(result.Errors, e => e.Path == path);
        Assert.True(error.Line == line, $"{name}: expected line {line}, got {error.Line} ({error})");
        Assert.True(error.Column > 0, name);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"test.yaml:{line}:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryErrorOfADocument_IsReportedAtOnce()
    {
        var result = LoaderFixture.Load(Head + "  pollingInterval: 0\n  minReplicaCount: -2\n  bogus: 1\n" + CronTrigger.Replace("\"3\"", "\"x\"", StringComparison.Ordinal));

        Assert.Equal(
            ["spec.bogus", "spec.pollingInterval", "spec.minReplicaCount", "spec.triggers[0].metadata.desiredReplicas"],
            result.Errors.Select(e => e.Path));
        Assert.Equal([10, 8, 9, 17], result.Errors.Select(e => e.Line));
    }

    [Fact]
    public void InvalidDocument_DoesNotStopValidDocumentsBesideIt()
    {
        var result = LoaderFixture.Load(Head + CronTrigger + "---\n" + Head.Replace("name: worker\nspec", "name: broken\nspec", StringComparison.Ordinal) + "  maxReplicaCount: -1\n" + CronTrigger);

        Assert.Equal("ScaledObject/default/worker", Assert.Single(result.Resources).Key.ToString());
        var error = Assert.Single(result.Errors);
        Assert.Equal("spec.maxReplicaCount", error.Path);
        Assert.Equal(23, error.Line);
        Assert.Equal("ScaledObject/default/broken", Assert.Single(result.InvalidResources).ToString());
    }

    [Fact]
    public void YamlSyntaxError_NamesTheLine_AndMarksTheFileUnparsable()
    {
        var result = LoaderFixture.Load("apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: [unclosed\n");

        var error = Assert.Single(result.Errors);
        Assert.Contains("YAML syntax error", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 4, error.ToString());
        Assert.Equal(["test.yaml"], result.UnparsableFiles);
    }
}
