using System.Globalization;
using System.Reflection;
using Autoscaler.Model;
using Autoscaler.Validation;

namespace Autoscaler.Scaling;

/// <summary>
/// Binds a trigger's metadata (and, when given, its auth parameters and environment) to a typed options class
/// declared with <see cref="TriggerFieldAttribute"/>. Every problem is reported with the metadata key's path.
/// </summary>
public static class TriggerMetadataBinder
{
    /// <summary>The suffix KEDA uses for "read this field from the named environment variable".</summary>
    public const string FromEnvSuffix = "FromEnv";

    /// <summary>
    /// Binds <typeparamref name="TOptions"/>. When <paramref name="resolved"/> is false (load-time validation), values
    /// that may come from auth or the environment are not required, since those are only known at run time.
    /// </summary>
    public static TOptions Bind<TOptions>(
        ScaleTrigger trigger,
        IReadOnlyDictionary<string, string>? authParams,
        IReadOnlyDictionary<string, string>? environment,
        ErrorList errors,
        bool resolved)
        where TOptions : new()
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(errors);
        var options = new TOptions();
        var errorsBefore = errors.Errors.Count;
        var fields = Fields<TOptions>.All;
        var metadata = trigger.Metadata;
        var meta = errors.At("metadata");

        CheckUnknownKeys(metadata, Fields<TOptions>.KnownKeys, meta);

        foreach (var (property, field) in fields)
        {
            var raw = Lookup(field, trigger, authParams, environment, meta, resolved, out var deferred);
            if (raw is null)
            {
                if (field.Default is not null)
                {
                    raw = field.Default;
                }
                else if (!field.Optional && !deferred)
                {
                    meta.Add(field.Name, "is required");
                    continue;
                }
                else
                {
                    continue;
                }
            }

            if (!TryConvert(raw, property.PropertyType, field, out var value, out var reason))
            {
                var shown = field.Secret ? "" : $" '{raw}'";
                meta.Add(field.Name, $"invalid value{shown}: {reason}");
                continue;
            }

            property.SetValue(options, value);
        }

        if (options is IValidatableTriggerOptions validatable && errors.Errors.Count == errorsBefore)
        {
            validatable.Validate(meta);
        }

        return options;
    }

    /// <summary>The metadata keys <typeparamref name="TOptions"/> accepts, including ignored ones and <c>FromEnv</c> forms.</summary>
    public static IReadOnlyCollection<string> KnownKeys<TOptions>() where TOptions : new() => Fields<TOptions>.KnownKeys;

    private static string? Lookup(
        TriggerFieldAttribute field,
        ScaleTrigger trigger,
        IReadOnlyDictionary<string, string>? authParams,
        IReadOnlyDictionary<string, string>? environment,
        ErrorList meta,
        bool resolved,
        out bool deferred)
    {
        deferred = false;
        if (field.Sources.HasFlag(TriggerFieldSource.Metadata)
            && trigger.Metadata.TryGetValue(field.Name, out var fromMetadata)
            && fromMetadata.Length > 0)
        {
            return fromMetadata;
        }

        if (field.Sources.HasFlag(TriggerFieldSource.Env)
            && trigger.Metadata.TryGetValue(field.Name + FromEnvSuffix, out var variable)
            && variable.Length > 0)
        {
            if (!resolved || environment is null)
            {
                deferred = true;
                return null;
            }

            if (environment.TryGetValue(variable, out var fromEnv))
            {
                return fromEnv;
            }

            meta.Add(field.Name + FromEnvSuffix, $"environment variable '{variable}' is not set on the target container");
            deferred = true;
            return null;
        }

        if (field.Sources.HasFlag(TriggerFieldSource.Auth))
        {
            if (authParams is not null && authParams.TryGetValue(field.Name, out var fromAuth) && fromAuth.Length > 0)
            {
                return fromAuth;
            }

            if (!resolved && trigger.AuthenticationRef is not null)
            {
                deferred = true;
            }
        }

        return null;
    }

    private static void CheckUnknownKeys(Dictionary<string, string> metadata, IReadOnlyCollection<string> known, ErrorList meta)
    {
        foreach (var key in metadata.Keys)
        {
            if (!known.Contains(key))
            {
                meta.Add(key, "unknown field" + NameSuggester.Hint(key, known));
            }
        }
    }

    private static bool TryConvert(string raw, Type type, TriggerFieldAttribute field, out object? value, out string reason)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        var text = raw.Trim();
        reason = "";
        value = null;
        if (field.AllowedValues is { Length: > 0 } allowed)
        {
            var match = allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                reason = "must be one of " + string.Join(", ", allowed);
                return false;
            }

            text = match;
        }

        if (target == typeof(string))
        {
            value = field.Secret ? raw : text;
            return true;
        }

        if (target == typeof(int))
        {
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
            {
                value = i;
                return true;
            }

            reason = "must be a whole number";
            return false;
        }

        if (target == typeof(long))
        {
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
            {
                value = l;
                return true;
            }

            reason = "must be a whole number";
            return false;
        }

        if (target == typeof(double))
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            {
                value = d;
                return true;
            }

            reason = "must be a number";
            return false;
        }

        if (target == typeof(bool))
        {
            if (bool.TryParse(text, out var b))
            {
                value = b;
                return true;
            }

            reason = "must be true or false";
            return false;
        }

        if (target == typeof(TimeSpan))
        {
            if (DurationParser.TryParse(text, out var span))
            {
                value = span;
                return true;
            }

            reason = "must be a duration such as 30s, 5m or 1h30m (a bare number is seconds)";
            return false;
        }

        if (target == typeof(List<string>) || target == typeof(IReadOnlyList<string>))
        {
            value = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
            return true;
        }

        if (target.IsEnum)
        {
            if (Enum.TryParse(target, text, ignoreCase: true, out var e) && Enum.IsDefined(target, e!))
            {
                value = e;
                return true;
            }

            reason = "must be one of " + string.Join(", ", Enum.GetNames(target));
            return false;
        }

        throw new NotSupportedException($"Trigger field type {target.Name} is not supported by the binder.");
    }

    private static class Fields<TOptions>
    {
        public static readonly (PropertyInfo Property, TriggerFieldAttribute Field)[] All =
            typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => (p, p.GetCustomAttribute<TriggerFieldAttribute>()))
                .Where(x => x.Item2 is not null)
                .Select(x => (x.p, x.Item2!))
                .ToArray();

        public static readonly IReadOnlyCollection<string> KnownKeys = BuildKnownKeys();

        private static HashSet<string> BuildKnownKeys()
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (_, field) in All)
            {
                if (field.Sources.HasFlag(TriggerFieldSource.Metadata))
                {
                    keys.Add(field.Name);
                }

                if (field.Sources.HasFlag(TriggerFieldSource.Env))
                {
                    keys.Add(field.Name + FromEnvSuffix);
                }
            }

            if (typeof(TOptions).GetCustomAttribute<IgnoredTriggerFieldsAttribute>() is { } ignored)
            {
                keys.UnionWith(ignored.Names);
            }

            return keys;
        }
    }
}
