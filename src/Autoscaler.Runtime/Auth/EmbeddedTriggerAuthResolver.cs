using Autoscaler.Configuration;
using Autoscaler.Model;
using Autoscaler.Runtime.Resources;
using Autoscaler.Scaling;
using Microsoft.Extensions.Options;

namespace Autoscaler.Runtime.Auth;

/// <summary>
/// Embedded mode's resolver. TriggerAuthentications come from the resource store (the config folder);
/// <c>secretTargetRef</c> reads <c>{SecretsPath}/{namespace}/{secret}/{key}</c> (a mounted Secret's layout);
/// <c>env</c> and <c>...FromEnv</c> read the service's own environment, which stands in for the target container's;
/// <c>podIdentity: aws</c> (or <c>aws-eks</c>) sets the parameter <c>podIdentity=aws</c> (and <c>awsRoleArn</c> from its
/// <c>roleArn</c>), which AWS scalers read as "use the SDK's default credential chain". Values are never logged, and
/// errors name the secret, key and parameter, never the value. See docs/authentication.md.
/// </summary>
public sealed class EmbeddedTriggerAuthResolver : ITriggerAuthResolver
{
    private readonly ResourceStore _store;
    private readonly AutoscalerOptions _options;

    /// <summary>Creates the resolver.</summary>
    public EmbeddedTriggerAuthResolver(ResourceStore store, IOptions<AutoscalerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
    }

    /// <inheritdoc />
    public async ValueTask<ResolvedAuth> ResolveAsync(ScaleTrigger trigger, string objectNamespace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var environment = ProcessEnvironment();
        if (trigger.AuthenticationRef is not { } reference)
        {
            return new ResolvedAuth(new Dictionary<string, string>(), environment);
        }

        var clusterScoped = reference.Kind == TriggerAuthentication.ClusterKindName;
        var key = new ResourceKey(reference.Kind, clusterScoped ? "" : objectNamespace, reference.Name);
        if (!_store.TryGet(key, out var stored) || stored.Resource is not TriggerAuthentication authentication)
        {
            throw new ScalerConfigurationException(clusterScoped
                ? $"ClusterTriggerAuthentication '{reference.Name}' not found"
                : $"TriggerAuthentication '{reference.Name}' not found in namespace '{objectNamespace}'");
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var env in authentication.Spec.Env)
        {
            if (environment.TryGetValue(env.Name, out var value))
            {
                parameters[env.Parameter] = value;
            }
            else
            {
                throw new ScalerConfigurationException($"{key}: environment variable '{env.Name}' for parameter '{env.Parameter}' is not set");
            }
        }

        var secretNamespace = clusterScoped ? "default" : objectNamespace;
        foreach (var secret in authentication.Spec.SecretTargetRef)
        {
            var path = Path.Combine(_options.SecretsPath, secretNamespace, secret.Name, secret.Key);
            try
            {
                parameters[secret.Parameter] = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).TrimEnd('\r', '\n');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ScalerConfigurationException(
                    $"{key}: secret '{secret.Name}' key '{secret.Key}' for parameter '{secret.Parameter}' cannot be read (embedded mode reads {Path.GetFullPath(path)})");
            }
        }

        if (authentication.Spec.PodIdentity is { Provider: "aws" or "aws-eks" } identity)
        {
            parameters["podIdentity"] = "aws";
            if (!string.IsNullOrEmpty(identity.RoleArn))
            {
                parameters.TryAdd("awsRoleArn", identity.RoleArn);
            }
        }

        return new ResolvedAuth(parameters, environment);
    }

    private static Dictionary<string, string> ProcessEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        return result;
    }
}
