using System.Net;
using System.Text;
using Autoscaler.Configuration;
using Autoscaler.Model;
using Autoscaler.Runtime.Auth;
using Autoscaler.Runtime.Resources;
using Autoscaler.Scaling;
using k8s;
using Microsoft.Extensions.Options;

namespace Autoscaler.Kubernetes;

/// <summary>
/// Kubernetes mode's resolver. TriggerAuthentications come from the resource store (watched from the cluster);
/// <c>secretTargetRef</c> reads the Secret from the API server (the object's namespace; for a
/// ClusterTriggerAuthentication, <see cref="KubernetesOptions.OperatorNamespace"/>, as KEDA does).
/// <c>env</c> (the target container's environment) is not resolved in Kubernetes mode yet and is reported as such.
/// </summary>
internal sealed class KubernetesTriggerAuthResolver : ITriggerAuthResolver
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly IKubernetes _client;
    private readonly ResourceStore _store;
    private readonly string _operatorNamespace;

    public KubernetesTriggerAuthResolver(IKubernetes client, ResourceStore store, IOptions<KubernetesOptions> options)
    {
        _client = client;
        _store = store;
        _operatorNamespace = LeaseLeadership.OperatorNamespace(options.Value);
    }

    public async ValueTask<ResolvedAuth> ResolveAsync(ScaleTrigger trigger, string objectNamespace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (trigger.AuthenticationRef is not { } reference)
        {
            return new ResolvedAuth(new Dictionary<string, string>(), NoEnvironment);
        }

        var clusterScoped = reference.Kind == TriggerAuthentication.ClusterKindName;
        var key = new ResourceKey(reference.Kind, clusterScoped ? "" : objectNamespace, reference.Name);
        if (!_store.TryGet(key, out var stored) || stored.Resource is not TriggerAuthentication authentication)
        {
            throw new ScalerConfigurationException(clusterScoped
                ? $"ClusterTriggerAuthentication '{reference.Name}' not found"
                : $"TriggerAuthentication '{reference.Name}' not found in namespace '{objectNamespace}'");
        }

        if (authentication.Spec.Env.Count > 0)
        {
            throw new ScalerConfigurationException($"{key}: 'env' entries are not supported in Kubernetes mode yet; use secretTargetRef");
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var secretNamespace = clusterScoped ? _operatorNamespace : objectNamespace;
        foreach (var secret in authentication.Spec.SecretTargetRef)
        {
            k8s.Models.V1Secret value;
            try
            {
                value = await _client.CoreV1.ReadNamespacedSecretAsync(secret.Name, secretNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound) || ApiErrors.Is(e, HttpStatusCode.Forbidden))
            {
                throw new ScalerConfigurationException($"{key}: secret '{secretNamespace}/{secret.Name}' for parameter '{secret.Parameter}' cannot be read: {ApiErrors.Message(e)}");
            }

            if (value.Data is null || !value.Data.TryGetValue(secret.Key, out var bytes))
            {
                throw new ScalerConfigurationException($"{key}: secret '{secretNamespace}/{secret.Name}' has no key '{secret.Key}' (parameter '{secret.Parameter}')");
            }

            parameters[secret.Parameter] = Encoding.UTF8.GetString(bytes);
        }

        return new ResolvedAuth(parameters, NoEnvironment);
    }
}
