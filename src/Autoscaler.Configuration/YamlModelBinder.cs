using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using Autoscaler.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Autoscaler.Configuration;

/// <summary>
/// Binds a YAML node tree to the model types, strictly: an unknown field is an error (with a "did you mean" hint),
/// a wrong type is an error, and every field's position is recorded so that later errors can name the line.
/// </summary>
internal sealed class YamlModelBinder
{
    private readonly List<(FieldError Error, SourcePosition Position)> _errors = [];

    public YamlModelBinder(SourceMap sourceMap) => SourceMap = sourceMap;

    public SourceMap SourceMap { get; }

    public IReadOnlyList<(FieldError Error, SourcePosition Position)> Errors => _errors;

    /// <summary>Binds <paramref name="node"/> to a new <paramref name="type"/>, skipping the given top-level fields.</summary>
    public object Bind(YamlNode node, Type type, string path, IReadOnlySet<string>? skip = null)
    {
        var instance = Activator.CreateInstance(type)!;
        BindInto(instance, node, path, skip);
        return instance;
    }

    private void BindInto(object instance, YamlNode node, string path, IReadOnlySet<string>? skip)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(path, node, $"expected a mapping, got {Describe(node)}");
            return;
        }

        var fields = FieldNaming.FieldsOf(instance.GetType());
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(path, keyNode, "field names must be plain strings");
                continue;
            }

            var fieldPath = ErrorList.Join(path, key);
            SourceMap.Set(fieldPath, Position(keyNode));
            if (skip is not null && skip.Contains(key))
            {
                continue;
            }

            if (!fields.TryGetValue(key, out var property))
            {
                Error(fieldPath, keyNode, "unknown field" + NameSuggester.Hint(key, fields.Keys));
                continue;
            }

            if (IsNull(valueNode))
            {
                continue;
            }

            if (TryConvert(valueNode, property.PropertyType, fieldPath, out var value))
            {
                property.SetValue(instance, value);
            }
        }
    }

    private bool TryConvert(YamlNode node, Type type, string path, out object? value)
    {
        value = null;
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(JsonObject))
        {
            if (node is not YamlMappingNode)
            {
                Error(path, node, $"expected a mapping, got {Describe(node)}");
                return false;
            }

            value = ToJson(node, path);
            return true;
        }

        if (target == typeof(string) || target.IsPrimitive || target == typeof(double))
        {
            return TryConvertScalar(node, target, path, out value);
        }

        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return TryConvertStringMap(node, path, out value);
        }

        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(List<>))
        {
            return TryConvertList(node, target, path, out value);
        }

        if (target.IsClass)
        {
            if (node is not YamlMappingNode)
            {
                Error(path, node, $"expected a mapping, got {Describe(node)}");
                return false;
            }

            var instance = Activator.CreateInstance(target)!;
            BindInto(instance, node, path, skip: null);
            value = instance;
            return true;
        }

        throw new NotSupportedException($"Model type {target.Name} is not supported by the YAML binder.");
    }

    private bool TryConvertScalar(YamlNode node, Type target, string path, out object? value)
    {
        value = null;
        if (node is not YamlScalarNode scalar)
        {
            Error(path, node, $"expected {Expected(target)}, got {Describe(node)}");
            return false;
        }

        var text = scalar.Value ?? "";
        if (target == typeof(string))
        {
            value = text;
            return true;
        }

        if (target == typeof(int))
        {
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
            {
                value = i;
                return true;
            }
        }
        else if (target == typeof(long))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                value = l;
                return true;
            }
        }
        else if (target == typeof(double))
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            {
                value = d;
                return true;
            }
        }
        else if (target == typeof(bool))
        {
            if (text is "true" or "True" or "TRUE")
            {
                value = true;
                return true;
            }

            if (text is "false" or "False" or "FALSE")
            {
                value = false;
                return true;
            }
        }
        else
        {
            throw new NotSupportedException($"Scalar type {target.Name} is not supported by the YAML binder.");
        }

        Error(path, node, $"expected {Expected(target)}, got '{text}'");
        return false;
    }

    private bool TryConvertStringMap(YamlNode node, string path, out object? value)
    {
        value = null;
        if (node is not YamlMappingNode mapping)
        {
            Error(path, node, $"expected a mapping of strings, got {Describe(node)}");
            return false;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var entryPath = ErrorList.Join(path, key);
            SourceMap.Set(entryPath, Position(keyNode));
            if (valueNode is YamlScalarNode scalar)
            {
                map[key] = IsNull(scalar) ? "" : scalar.Value ?? "";
            }
            else
            {
                Error(entryPath, valueNode, $"expected a string, got {Describe(valueNode)}");
                ok = false;
            }
        }

        value = map;
        return ok;
    }

    private bool TryConvertList(YamlNode node, Type listType, string path, out object? value)
    {
        value = null;
        if (node is not YamlSequenceNode sequence)
        {
            Error(path, node, $"expected a list, got {Describe(node)}");
            return false;
        }

        var itemType = listType.GetGenericArguments()[0];
        var list = (IList)Activator.CreateInstance(listType)!;
        var index = 0;
        foreach (var item in sequence.Children)
        {
            var itemPath = $"{path}[{index}]";
            SourceMap.Set(itemPath, Position(item));
            if (IsNull(item))
            {
                Error(itemPath, item, "list item is empty");
            }
            else if (TryConvert(item, itemType, itemPath, out var itemValue))
            {
                list.Add(itemValue);
            }

            index++;
        }

        value = list;
        return true;
    }

    private JsonNode? ToJson(YamlNode node, string path)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    var key = (keyNode as YamlScalarNode)?.Value ?? "";
                    var childPath = ErrorList.Join(path, key);
                    SourceMap.Set(childPath, Position(keyNode));
                    obj[key] = ToJson(valueNode, childPath);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                var i = 0;
                foreach (var item in sequence.Children)
                {
                    var childPath = $"{path}[{i++}]";
                    SourceMap.Set(childPath, Position(item));
                    array.Add(ToJson(item, childPath));
                }

                return array;
            case YamlScalarNode scalar:
                if (IsNull(scalar))
                {
                    return null;
                }

                var text = scalar.Value ?? "";
                if (scalar.Style == ScalarStyle.Plain)
                {
                    if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                    {
                        return JsonValue.Create(l);
                    }

                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
                    {
                        return JsonValue.Create(d);
                    }

                    if (text is "true" or "false")
                    {
                        return JsonValue.Create(text == "true");
                    }
                }

                return JsonValue.Create(text);
            default:
                return null;
        }
    }

    internal static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    internal static SourcePosition Position(YamlNode node) => new((int)node.Start.Line, (int)node.Start.Column);

    private static string Expected(Type target) =>
        target == typeof(int) || target == typeof(long) ? "a whole number"
        : target == typeof(double) ? "a number"
        : target == typeof(bool) ? "true or false"
        : "a string";

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "something else",
    };

    private void Error(string path, YamlNode node, string message) =>
        _errors.Add((new FieldError(path, message), Position(node)));
}
