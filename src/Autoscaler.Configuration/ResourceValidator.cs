using System.Globalization;
using System.Text.RegularExpressions;
using Autoscaler.Model;
using Autoscaler.Scaling;
using Autoscaler.Validation;

namespace Autoscaler.Configuration;

/// <summary>
/// The one validator for ScaledObjects, ScaledJobs and TriggerAuthentications, used by the file loader, the CLI
/// and the Kubernetes side. Reports every error it finds, each with its field path.
/// </summary>
public sealed partial class ResourceValidator
{
    private static readonly string[] MetricTypes = ["AverageValue", "Value", "Utilization"];
    private static readonly string[] FallbackBehaviors = ["static", "currentReplicas", "currentReplicasIfHigher", "currentReplicasIfLower"];
    private static readonly string[] PolicyTypes = ["Pods", "Percent"];
    private static readonly string[] SelectPolicies = ["Max", "Min", "Disabled"];
    private static readonly string[] JobStrategies = ["default", "custom", "accurate", "eager"];
    private static readonly string[] MultipleScalersCalculations = ["max", "min", "avg", "sum"];
    private static readonly string[] AuthKinds = [TriggerAuthentication.KindName, TriggerAuthentication.ClusterKindName];
    private static readonly string[] PredictionModes = [PredictionSpec.ModeOff, PredictionSpec.ModePreview, PredictionSpec.ModeActive];
    private static readonly string[] PredictionDemands = [PredictionSpec.DemandLevel, PredictionSpec.DemandRate];
    private static readonly string[] IdentityProviders = ["none", "aws", "aws-eks", "azure-workload", "gcp"];
    private readonly IScalerCatalog _catalog;
    private readonly IReadOnlyCollection<string>? _nodeProfiles;

    /// <summary>Creates a validator that knows the trigger types in <paramref name="catalog"/> (node profile names are not checked).</summary>
    public ResourceValidator(IScalerCatalog catalog) => _catalog = catalog;

    /// <summary>Creates a validator that also checks <c>spec.placement</c> profile names against <paramref name="nodeProfiles"/>.</summary>
    public ResourceValidator(IScalerCatalog catalog, IReadOnlyCollection<string> nodeProfiles)
    {
        _catalog = catalog;
        _nodeProfiles = nodeProfiles;
    }

    /// <summary>Validates any supported resource.</summary>
    public IReadOnlyList<FieldError> Validate(IResource resource) => resource switch
    {
        ScaledObject so => Validate(so),
        ScaledJob sj => Validate(sj),
        TriggerAuthentication ta => Validate(ta),
        _ => [new FieldError("kind", $"unsupported kind '{resource.Kind}'")],
    };

    /// <summary>Validates a ScaledObject.</summary>
    public IReadOnlyList<FieldError> Validate(ScaledObject scaledObject)
    {
        ArgumentNullException.ThrowIfNull(scaledObject);
        var errors = new ErrorList();
        ValidateMetadata(scaledObject.Metadata, errors.At("metadata"), namespaced: true);
        var spec = scaledObject.Spec;
        var s = errors.At("spec");
        if (string.IsNullOrWhiteSpace(spec.ScaleTargetRef.Name))
        {
            s.Add("scaleTargetRef.name", "is required");
        }

        if (string.IsNullOrWhiteSpace(spec.ScaleTargetRef.Kind))
        {
            s.Add("scaleTargetRef.kind", "must not be empty");
        }

        AtLeast(s, "pollingInterval", spec.PollingInterval, 1);
        AtLeast(s, "cooldownPeriod", spec.CooldownPeriod, 0);
        AtLeast(s, "initialCooldownPeriod", spec.InitialCooldownPeriod, 0);
        ReplicaRange(s, spec.MinReplicaCount, spec.MaxReplicaCount);

        if (spec.IdleReplicaCount is { } idle)
        {
            if (idle < 0)
            {
                s.Add("idleReplicaCount", $"must be at least 0, got {idle}");
            }
            else if (idle >= spec.MinReplicaCount)
            {
                s.Add("idleReplicaCount", $"must be less than minReplicaCount ({spec.MinReplicaCount}), got {idle}");
            }
        }

        if (spec.Fallback is { } fallback)
        {
            var f = s.At("fallback");
            AtLeast(f, "failureThreshold", fallback.FailureThreshold, 1);
            AtLeast(f, "replicas", fallback.Replicas, 0);
            OneOf(f, "behavior", fallback.Behavior, FallbackBehaviors);
        }

        if (spec.Advanced is { } advanced)
        {
            ValidateAdvanced(advanced, s.At("advanced"), spec.Triggers);
        }

        PolicyValidation.Knative(spec.Knative, s.At("knative"));
        PolicyValidation.ScheduledFloors(spec.ScheduledFloors, spec.MaxReplicaCount, s.At("scheduledFloors"));
        if (spec.Prediction is { } prediction)
        {
            ValidatePrediction(prediction, s.At("prediction"));
        }

        if (spec.Placement is { } placement)
        {
            ValidatePlacement(placement, spec.ScaleTargetRef, s.At("placement"));
        }

        ValidateTriggers(spec.Triggers, s.At("triggers"));
        return errors.Errors;
    }

    /// <summary>Validates a ScaledJob.</summary>
    public IReadOnlyList<FieldError> Validate(ScaledJob scaledJob)
    {
        ArgumentNullException.ThrowIfNull(scaledJob);
        var errors = new ErrorList();
        ValidateMetadata(scaledJob.Metadata, errors.At("metadata"), namespaced: true);
        var spec = scaledJob.Spec;
        var s = errors.At("spec");
        if (spec.JobTargetRef is null)
        {
            s.Add("jobTargetRef", "is required");
        }
        else if (spec.JobTargetRef["template"] is not System.Text.Json.Nodes.JsonObject)
        {
            s.Add("jobTargetRef.template", "is required (the pod template of the Jobs to create)");
        }

        AtLeast(s, "pollingInterval", spec.PollingInterval, 1);
        AtLeast(s, "successfulJobsHistoryLimit", spec.SuccessfulJobsHistoryLimit, 0);
        AtLeast(s, "failedJobsHistoryLimit", spec.FailedJobsHistoryLimit, 0);
        ReplicaRange(s, spec.MinReplicaCount, spec.MaxReplicaCount);

        var strategy = s.At("scalingStrategy");
        OneOf(strategy, "strategy", spec.ScalingStrategy.Strategy, JobStrategies);
        OneOf(strategy, "multipleScalersCalculation", spec.ScalingStrategy.MultipleScalersCalculation, MultipleScalersCalculations);
        if (spec.ScalingStrategy.CustomScalingRunningJobPercentage is { } percentage
            && (!TryNumber(percentage, out var p) || p < 0 || p > 1))
        {
            strategy.Add("customScalingRunningJobPercentage", $"must be a number from 0 to 1, got '{percentage}'");
        }

        if (spec.Placement is { } placement)
        {
            ValidateJobPlacement(placement, s.At("placement"));
        }

        ValidateTriggers(spec.Triggers, s.At("triggers"));
        return errors.Errors;
    }

    /// <summary>Validates a TriggerAuthentication or ClusterTriggerAuthentication.</summary>
    public IReadOnlyList<FieldError> Validate(TriggerAuthentication authentication)
    {
        ArgumentNullException.ThrowIfNull(authentication);
        var errors = new ErrorList();
        ValidateMetadata(authentication.Metadata, errors.At("metadata"), namespaced: !authentication.IsClusterScoped);
        var s = errors.At("spec");
        var parameters = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < authentication.Spec.SecretTargetRef.Count; i++)
        {
            var item = authentication.Spec.SecretTargetRef[i];
            var e = s.At("secretTargetRef").At($"[{i}]");
            Required(e, "parameter", item.Parameter);
            Required(e, "name", item.Name);
            Required(e, "key", item.Key);
            if (item.Parameter.Length > 0 && !parameters.Add(item.Parameter))
            {
                e.Add("parameter", $"'{item.Parameter}' is already set by another entry");
            }
        }

        for (var i = 0; i < authentication.Spec.Env.Count; i++)
        {
            var item = authentication.Spec.Env[i];
            var e = s.At("env").At($"[{i}]");
            Required(e, "parameter", item.Parameter);
            Required(e, "name", item.Name);
            if (item.Parameter.Length > 0 && !parameters.Add(item.Parameter))
            {
                e.Add("parameter", $"'{item.Parameter}' is already set by another entry");
            }
        }

        if (authentication.Spec.PodIdentity is { } identity)
        {
            OneOf(s.At("podIdentity"), "provider", identity.Provider, IdentityProviders);
        }

        return errors.Errors;
    }

    private void ValidateTriggers(List<ScaleTrigger> triggers, ErrorList errors)
    {
        if (triggers.Count == 0)
        {
            errors.Add("", "at least one trigger is required");
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < triggers.Count; i++)
        {
            var trigger = triggers[i];
            var t = errors.At($"[{i}]");
            if (trigger.Name is { Length: > 0 } name && !names.Add(name))
            {
                t.Add("name", $"'{name}' is used by another trigger; trigger names must be unique");
            }

            if (trigger.MetricType is { } metricType)
            {
                if (OneOf(t, "metricType", metricType, MetricTypes)
                    && metricType == "Utilization" && trigger.Type is not ("cpu" or "memory"))
                {
                    t.Add("metricType", "Utilization is only for the cpu and memory triggers");
                }
            }

            if (trigger.Behavior is { } ownBehavior)
            {
                ValidateRules(ownBehavior.ScaleUp, t.At("behavior").At("scaleUp"));
                ValidateRules(ownBehavior.ScaleDown, t.At("behavior").At("scaleDown"));
            }

            if (trigger.AuthenticationRef is { } auth)
            {
                Required(t.At("authenticationRef"), "name", auth.Name);
                OneOf(t.At("authenticationRef"), "kind", auth.Kind, AuthKinds);
            }

            if (string.IsNullOrWhiteSpace(trigger.Type))
            {
                t.Add("type", "is required; known types: " + string.Join(", ", _catalog.Types));
            }
            else if (!_catalog.TryGet(trigger.Type, out var factory))
            {
                t.Add("type", $"unknown trigger type '{trigger.Type}'{NameSuggester.Hint(trigger.Type, _catalog.Types)}; known types: {string.Join(", ", _catalog.Types)}");
            }
            else
            {
                factory.Validate(trigger, t);
            }
        }
    }

    private static void ValidateAdvanced(AdvancedConfig advanced, ErrorList errors, List<ScaleTrigger> triggers)
    {
        if (advanced.HorizontalPodAutoscalerConfig?.Behavior is { } behavior)
        {
            var b = errors.At("horizontalPodAutoscalerConfig").At("behavior");
            ValidateRules(behavior.ScaleUp, b.At("scaleUp"));
            ValidateRules(behavior.ScaleDown, b.At("scaleDown"));
        }

        if (advanced.ScalingModifiers is { } modifiers)
        {
            var m = errors.At("scalingModifiers");
            if (!string.IsNullOrWhiteSpace(modifiers.Formula))
            {
                if (string.IsNullOrWhiteSpace(modifiers.Target))
                {
                    m.Add("target", "is required when a formula is set");
                }

                if (triggers.Any(t => string.IsNullOrEmpty(t.Name)))
                {
                    m.Add("formula", "every trigger needs a name when a formula is set (the formula refers to triggers by name)");
                }
                else
                {
                    PolicyValidation.Formula(modifiers.Formula, triggers, m);
                }
            }

            if (modifiers.Target is { } target && (!TryNumber(target, out var tv) || tv <= 0))
            {
                m.Add("target", $"must be a number greater than 0, got '{target}'");
            }

            if (modifiers.ActivationTarget is { } activation && (!TryNumber(activation, out var av) || av < 0))
            {
                m.Add("activationTarget", $"must be a number, at least 0, got '{activation}'");
            }

            if (modifiers.MetricType is { } metricType)
            {
                OneOf(m, "metricType", metricType, ["AverageValue", "Value"]);
            }
        }
    }

    private static bool IsLabelValue(string value) =>
        value.Length is >= 1 and <= 63 && char.IsAsciiLetterOrDigit(value[0]) && char.IsAsciiLetterOrDigit(value[^1])
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static void ValidatePrediction(PredictionSpec prediction, ErrorList errors)
    {
        OneOf(errors, "mode", prediction.Mode, PredictionModes);
        if (!(prediction.Quantile > 0.5 && prediction.Quantile < 1))
        {
            errors.Add("quantile", $"must be greater than 0.5 and less than 1, got {prediction.Quantile.ToString(CultureInfo.InvariantCulture)}");
        }

        if (prediction.LeadTime != "auto"
            && (!DurationParser.TryParse(prediction.LeadTime, out var lead) || lead > TimeSpan.FromHours(1)))
        {
            errors.Add("leadTime", $"must be 'auto' or a duration from 0s to 1h (for example 45s or 2m), got '{prediction.LeadTime}'");
        }

        if (!DurationParser.TryParse(prediction.History, out var history) || history < TimeSpan.FromHours(1) || history > TimeSpan.FromDays(60))
        {
            errors.Add("history", $"must be a duration from 1h to 60d (for example 14d), got '{prediction.History}'");
        }

        if (prediction.Seasonality is not ("auto" or "none")
            && (!DurationParser.TryParse(prediction.Seasonality, out var period) || period < TimeSpan.FromMinutes(2)))
        {
            errors.Add("seasonality", $"must be 'auto', 'none' or a period of at least 2m (for example 24h or 90m), got '{prediction.Seasonality}'");
        }
        else if (prediction.Seasonality is not ("auto" or "none")
            && DurationParser.TryParse(prediction.Seasonality, out var p) && DurationParser.TryParse(prediction.History, out var h) && p * 2 > h)
        {
            errors.Add("seasonality", $"a period of {prediction.Seasonality} needs a history of at least twice that; history is {prediction.History}");
        }

        OneOf(errors, "demand", prediction.Demand, PredictionDemands);
        if (prediction.Group is { } group && !IsLabelValue(group))
        {
            errors.Add("group", $"must be a Kubernetes label value (1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit), got '{group}'");
        }

        if (!(prediction.MaxScaleUpFactor >= 1) || !double.IsFinite(prediction.MaxScaleUpFactor))
        {
            errors.Add("maxScaleUpFactor", $"must be a number of at least 1, got {prediction.MaxScaleUpFactor.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static void ValidateRules(HpaScalingRules? rules, ErrorList errors)
    {
        if (rules is null)
        {
            return;
        }

        if (rules.StabilizationWindowSeconds is { } window && (window < 0 || window > 3600))
        {
            errors.Add("stabilizationWindowSeconds", $"must be from 0 to 3600, got {window}");
        }

        if (rules.SelectPolicy is { } select)
        {
            OneOf(errors, "selectPolicy", select, SelectPolicies);
        }

        if (rules.Tolerance is { } tolerance && (tolerance < 0 || tolerance >= 1))
        {
            errors.Add("tolerance", $"must be at least 0 and less than 1, got {tolerance.ToString(CultureInfo.InvariantCulture)}");
        }

        for (var i = 0; i < rules.Policies.Count; i++)
        {
            var policy = rules.Policies[i];
            var p = errors.At("policies").At($"[{i}]");
            OneOf(p, "type", policy.Type, PolicyTypes);
            AtLeast(p, "value", policy.Value, 1);
            if (policy.PeriodSeconds is < 1 or > 1800)
            {
                p.Add("periodSeconds", $"must be from 1 to 1800, got {policy.PeriodSeconds}");
            }
        }
    }

    private static void ValidateMetadata(ObjectMeta metadata, ErrorList errors, bool namespaced)
    {
        if (string.IsNullOrEmpty(metadata.Name))
        {
            errors.Add("name", "is required");
        }
        else if (metadata.Name.Length > 253 || !Dns1123Subdomain().IsMatch(metadata.Name))
        {
            errors.Add("name", $"'{metadata.Name}' is not a valid name: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters");
        }

        if (namespaced && (metadata.Namespace.Length > 63 || !Dns1123Label().IsMatch(metadata.Namespace)))
        {
            errors.Add("namespace", $"'{metadata.Namespace}' is not a valid namespace: lower-case letters, digits and '-', at most 63 characters");
        }
    }

    private static void ReplicaRange(ErrorList errors, int min, int max)
    {
        AtLeast(errors, "minReplicaCount", min, 0);
        AtLeast(errors, "maxReplicaCount", max, 0);
        if (max >= 0 && max < min)
        {
            errors.Add("maxReplicaCount", $"must be at least minReplicaCount ({min}), got {max}");
        }
    }

    private static void AtLeast(ErrorList errors, string field, int value, int minimum)
    {
        if (value < minimum)
        {
            errors.Add(field, $"must be at least {minimum}, got {value}");
        }
    }

    private static void Required(ErrorList errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "is required");
        }
    }

    private static bool OneOf(ErrorList errors, string field, string value, string[] allowed)
    {
        if (allowed.Contains(value, StringComparer.Ordinal))
        {
            return true;
        }

        errors.Add(field, $"must be one of {string.Join(", ", allowed)}, got '{value}'{NameSuggester.Hint(value, allowed)}");
        return false;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();
}
