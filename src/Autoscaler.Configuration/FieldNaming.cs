using System.Reflection;

namespace Autoscaler.Configuration;

/// <summary>The YAML/JSON name of a model property: camelCase of the C# name, as Kubernetes writes fields.</summary>
public static class FieldNaming
{
    /// <summary>The field name of <paramref name="property"/>.</summary>
    public static string Of(PropertyInfo property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return CamelCase(property.Name);
    }

    /// <summary><c>PollingInterval</c> → <c>pollingInterval</c>.</summary>
    public static string CamelCase(string name) =>
        string.IsNullOrEmpty(name) ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>The settable public properties of <paramref name="type"/> that are model fields, by field name.</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> FieldsOf(Type type) => Cache.Get(type);

    private static class Cache
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, IReadOnlyDictionary<string, PropertyInfo>> Fields = new();

        public static IReadOnlyDictionary<string, PropertyInfo> Get(Type type) => Fields.GetOrAdd(type, static t =>
            t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite && p.SetMethod!.IsPublic)
                .ToDictionary(Of, p => p, StringComparer.Ordinal));
    }
}
