using Autoscaler.Model;
using Autoscaler.Scaling;
using Autoscaler.Validation;

namespace Autoscaler.Scalers.Tests;

/// <summary>Builds triggers and scalers the way the control loop does, for direct tests of one scaler.</summary>
internal static class Scalers
{
    public static ScaleTrigger Trigger(string type, IReadOnlyDictionary<string, string> metadata, string? metricType = null, bool withAuthRef = false) => new()
    {
        Type = type,
        Metadata = new Dictionary<string, string>(metadata, StringComparer.Ordinal),
        MetricType = metricType,
        AuthenticationRef = withAuthRef ? new AuthenticationRef { Name = "auth" } : null,
    };

    /// <summary>The load-time errors for <paramref name="metadata"/> (as the validator reports them).</summary>
    public static IReadOnlyList<FieldError> Validate(IScalerFactory factory, IReadOnlyDictionary<string, string> metadata, bool withAuthRef = false)
    {
        var errors = new ErrorList();
        factory.Validate(Trigger(factory.Type, metadata, withAuthRef: withAuthRef), errors);
        return errors.Errors;
    }

    /// <summary>Builds a scaler with resolved auth parameters and environment.</summary>
    public static IScaler Create(
        IScalerFactory factory,
        IReadOnlyDictionary<string, string> metadata,
        IReadOnlyDictionary<string, string>? auth = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeProvider? time = null) =>
        factory.Create(new ScalerContext
        {
            Trigger = Trigger(factory.Type, metadata, withAuthRef: auth is not null),
            TriggerIndex = 0,
            Namespace = "tests",
            ObjectName = "consumer",
            ObjectKind = "ScaledObject",
            AuthParams = auth ?? new Dictionary<string, string>(),
            Environment = environment ?? new Dictionary<string, string>(),
            TimeProvider = time ?? TimeProvider.System,
        });

    /// <summary>Asserts exactly one error, on <c>metadata.{field}</c>, whose message contains <paramref name="fragment"/>.</summary>
    public static void AssertError(IReadOnlyList<FieldError> errors, string field, string fragment)
    {
        var error = Assert.Single(errors);
        Assert.Equal("metadata." + field, error.Path);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }
}
