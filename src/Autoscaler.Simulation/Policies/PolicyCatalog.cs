using Autoscaler.Configuration;
using Autoscaler.Model;

namespace Autoscaler.Simulation.Policies;

/// <summary>
/// The policies <c>simulate</c> knows by name, plus ScaledObject YAML files run through the engine. Add a policy
/// (for example a predictive one) by adding one entry to <see cref="Baselines"/>.
/// </summary>
public static class PolicyCatalog
{
    /// <summary>The most replicas any baseline may run (high enough never to bind on the shared traces).</summary>
    public const int MaxReplicas = 100_000;

    /// <summary>The built-in policies, in report order.</summary>
    public static IReadOnlyList<IScalingPolicy> Baselines { get; } =
    [
        new EnginePolicy("keda-default", "KEDA defaults: 30 s poll for 0 ↔ 1, HPA 15 s sync with default behavior for 1 ↔ N, cooldown 300 s (our engine in KEDA's configuration)", KedaDefault)
        {
            PeriodSeconds = 15,
            ZeroPollSeconds = 30,
        },
        new EnginePolicy("knative-kpa", "Knative KPA defaults: 60 s stable / 6 s panic window, panic 200 %, utilization 70 %, max up ×1000, down ÷2, 30 s scale-to-zero grace, 2 s tick", KnativeDefault)
        {
            PeriodSeconds = 2,
        },
        new KeepAlivePolicy("fixed-keepalive-10m", TimeSpan.FromMinutes(10)),
        new HybridHistogramPolicy(),
        new EnginePolicy("hpa", "Kubernetes HPA v2 defaults: 15 s sync, tolerance 0.1, default behavior, minReplicas 1 (no scale to zero)", Hpa)
        {
            PeriodSeconds = 15,
        },
        new PredictivePolicy(),
    ];

    /// <summary>The names of the built-in policies.</summary>
    public static IReadOnlyList<string> Names => [.. Baselines.Select(p => p.Name)];

    /// <summary>
    /// A built-in policy by name, or a ScaledObject YAML file (validated as the service does; its triggers are
    /// replaced by the trace's request rate, target = <c>metadata.targetValue</c> of its first trigger when numeric,
    /// else the pod capacity).
    /// </summary>
    public static IScalingPolicy Resolve(string nameOrFile, ResourceValidator validator)
    {
        ArgumentNullException.ThrowIfNull(nameOrFile);
        if (Baselines.FirstOrDefault(p => p.Name == nameOrFile) is { } known)
        {
            return known;
        }

        if (!nameOrFile.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) && !nameOrFile.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"unknown policy '{nameOrFile}'{Validation.NameSuggester.Hint(nameOrFile, Names)}; known: {string.Join(", ", Names)}, or a ScaledObject .yaml file");
        }

        var result = new ManifestLoader(validator).LoadFile(nameOrFile);
        if (!result.IsValid)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, result.Errors.Select(e => e.ToString())));
        }

        var scaled = result.Resources.Select(r => r.Resource).OfType<ScaledObject>().FirstOrDefault()
            ?? throw new ArgumentException($"{nameOrFile}: no ScaledObject in the file");
        double? target = scaled.Spec.Triggers.FirstOrDefault()?.Metadata.TryGetValue("targetValue", out var t) == true
            && double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0 ? v : null;
        var yamlText = File.ReadAllText(nameOrFile);
        return new EnginePolicy(Path.GetFileNameWithoutExtension(nameOrFile), $"{scaled.Metadata.Name} from {Path.GetFileName(nameOrFile)}", () => Reload(validator, nameOrFile, yamlText), scaled.Metadata.Annotations)
        {
            TargetPerPod = target,
        };
    }

    private static ScaledObjectSpec Reload(ResourceValidator validator, string file, string text) =>
        new ManifestLoader(validator).Load(file, text).Resources.Select(r => r.Resource).OfType<ScaledObject>().First().Spec;

    private static ScaledObjectSpec KedaDefault() => new()
    {
        PollingInterval = 30,
        CooldownPeriod = 300,
        MinReplicaCount = 0,
        MaxReplicaCount = MaxReplicas,
        Triggers = [new ScaleTrigger { Type = "simulated", Name = "requests" }],
    };

    private static ScaledObjectSpec KnativeDefault() => new()
    {
        PollingInterval = 2,
        MinReplicaCount = 0,
        MaxReplicaCount = MaxReplicas,
        Knative = new KnativeScaling(),
        Triggers = [new ScaleTrigger { Type = "simulated", Name = "requests" }],
    };

    private static ScaledObjectSpec Hpa() => new()
    {
        PollingInterval = 15,
        MinReplicaCount = 1,
        MaxReplicaCount = MaxReplicas,
        Triggers = [new ScaleTrigger { Type = "simulated", Name = "requests" }],
    };
}
