using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Autoscaler.Runtime.Placement;

/// <summary>Start-up validation of custom node profiles: names, toleration fields, resource sections.</summary>
internal sealed partial class NodeProfileOptionsValidator : IValidateOptions<NodeProfileOptions>
{
    private static readonly string[] TolerationFields = ["key", "operator", "value", "effect", "tolerationSeconds"];
    private static readonly string[] Operators = ["Exists", "Equal"];
    private static readonly string[] Effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
    private static readonly string[] ResourceSections = ["requests", "limits"];

    public ValidateOptionsResult Validate(string? name, NodeProfileOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (var (profileName, profile) in options.Profiles)
        {
            var at = $"{NodeProfileOptions.Section}:Profiles:{profileName}";
            if (!ProfileName().IsMatch(profileName))
            {
                errors.Add($"{at}: the name must be lower-case letters, digits and '-' (at most 63), got '{profileName}'");
            }

            if (NodeProfile.BuiltIn.ContainsKey(profileName))
            {
                errors.Add($"{at}: '{profileName}' is a built-in profile; give the custom one another name (e.g. '{profileName}-custom')");
            }

            if (profile.NodeSelector.Count == 0 && profile.Tolerations.Count == 0 && profile.Labels.Count == 0
                && profile.Annotations.Count == 0 && profile.Resources is null)
            {
                errors.Add($"{at}: sets nothing; give at least one of nodeSelector, tolerations, labels, annotations, resources");
            }

            for (var i = 0; i < profile.Tolerations.Count; i++)
            {
                var toleration = profile.Tolerations[i];
                var t = $"{at}:tolerations:{i}";
                foreach (var field in toleration.Keys.Where(k => !TolerationFields.Contains(k, StringComparer.Ordinal)))
                {
                    errors.Add($"{t}: unknown field '{field}'{Validation.NameSuggester.Hint(field, TolerationFields)}");
                }

                if (toleration.TryGetValue("operator", out var op) && !Operators.Contains(op, StringComparer.Ordinal))
                {
                    errors.Add($"{t}:operator: must be one of {string.Join(", ", Operators)}, got '{op}'");
                }

                if (toleration.TryGetValue("effect", out var effect) && effect.Length > 0 && !Effects.Contains(effect, StringComparer.Ordinal))
                {
                    errors.Add($"{t}:effect: must be one of {string.Join(", ", Effects)}, got '{effect}'");
                }

                if (op == "Exists" && toleration.ContainsKey("value"))
                {
                    errors.Add($"{t}:value: must be empty when operator is Exists");
                }

                if (!toleration.ContainsKey("key") && op != "Exists")
                {
                    errors.Add($"{t}:key: is required unless operator is Exists");
                }
            }

            foreach (var section in (profile.Resources ?? []).Keys.Where(k => !ResourceSections.Contains(k, StringComparer.Ordinal)))
            {
                errors.Add($"{at}:resources:{section}: unknown section{Validation.NameSuggester.Hint(section, ResourceSections)}; use requests or limits");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex ProfileName();
}
