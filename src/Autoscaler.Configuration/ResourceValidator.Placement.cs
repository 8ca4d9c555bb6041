using Autoscaler.Model;
using Autoscaler.Validation;

namespace Autoscaler.Configuration;

/// <summary>The <c>spec.placement</c> rules (node profiles and the hybrid burst split).</summary>
public sealed partial class ResourceValidator
{
    /// <summary>The kinds whose pod template a profile can be applied to (and cloned from for a burst Deployment).</summary>
    private static readonly string[] PlaceableKinds = ["Deployment", "StatefulSet"];

    private void ValidatePlacement(Placement placement, ScaleTargetRef target, ErrorList errors)
    {
        if (placement.Profile is null && placement.BurstProfile is null && placement.BaseReplicas is null)
        {
            errors.Add("", "must set profile, or baseReplicas with burstProfile");
            return;
        }

        if (target.ApiVersion != "apps/v1" || !PlaceableKinds.Contains(target.Kind, StringComparer.Ordinal))
        {
            errors.Add("", $"needs an apps/v1 Deployment or StatefulSet target (a pod template to place), got {target.ApiVersion} {target.Kind}");
        }

        ProfileName(placement.Profile, "profile", errors);
        ProfileName(placement.BurstProfile, "burstProfile", errors);
        if (placement.BurstProfile is not null && placement.BaseReplicas is null)
        {
            errors.Add("baseReplicas", "is required with burstProfile (the replicas kept on the target)");
        }
        else if (placement.BaseReplicas is { } baseReplicas)
        {
            AtLeast(errors, "baseReplicas", baseReplicas, 0);
            if (placement.BurstProfile is null)
            {
                errors.Add("burstProfile", "is required with baseReplicas (the profile of the replicas above it)");
            }
        }
    }

    private void ValidateJobPlacement(Placement placement, ErrorList errors)
    {
        if (placement.Profile is null)
        {
            errors.Add("profile", "is required (a ScaledJob's placement is the profile of its Jobs' pods)");
        }

        ProfileName(placement.Profile, "profile", errors);
        if (placement.BaseReplicas is not null)
        {
            errors.Add("baseReplicas", "is for ScaledObjects only (a ScaledJob has no burst Deployment)");
        }

        if (placement.BurstProfile is not null)
        {
            errors.Add("burstProfile", "is for ScaledObjects only (a ScaledJob has no burst Deployment)");
        }
    }

    private void ProfileName(string? name, string field, ErrorList errors)
    {
        if (name is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(field, "must not be empty");
        }
        else if (_nodeProfiles is not null && !_nodeProfiles.Contains(name, StringComparer.Ordinal))
        {
            errors.Add(field, $"unknown node profile '{name}'{NameSuggester.Hint(name, _nodeProfiles)}; known: {string.Join(", ", _nodeProfiles.Order(StringComparer.Ordinal))} (add custom ones under Autoscaler:Placement:Profiles)");
        }
    }
}
