using System.Net;
using System.Text;
using System.Text.Json.Nodes;
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
/// ClusterTriggerAuthentication, <see cref="KubernetesOptions.OperatorNamespace"/>, as KEDA does). <c>env</c> reads a
/// variable of the scale target's container (a ScaledObject's target from the API server, a ScaledJob's
/// <c>jobTargetRef</c>): <c>value</c>, <c>valueFrom.secretKeyRef</c>, <c>valueFrom.configMapKeyRef</c>, or an
/// <c>envFrom</c> Secret/ConfigMap (with its prefix), in the target's namespace; anything else is a clear error.
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

    public ValueTask<ResolvedAuth> ResolveAsync(ScaleTrigger trigger, string objectNamespace, CancellationToken cancellationToken) =>
        ResolveAsync(trigger, objectNamespace, null, cancellationToken);

    public ValueTask<ResolvedAuth> ResolveAsync(ScaleTrigger trigger, IResource owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return ResolveAsync(trigger, owner.Metadata.Namespace, owner, cancellationToken);
    }

    private async ValueTask<ResolvedAuth> ResolveAsync(ScaleTrigger trigger, string objectNamespace, IResource? owner, CancellationToken cancellationToken)
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

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var secretNamespace = clusterScoped ? _operatorNamespace : objectNamespace;
        foreach (var secret in authentication.Spec.SecretTargetRef)
        {
            parameters[secret.Parameter] = await SecretValueAsync(key, secretNamespace, secret.Name, secret.Key, $"parameter '{secret.Parameter}'", cancellationToken).ConfigureAwait(false)
                ?? throw new ScalerConfigurationException($"{key}: secret '{secretNamespace}/{secret.Name}' has no key '{secret.Key}' (parameter '{secret.Parameter}')");
        }

        if (authentication.Spec.Env.Count > 0)
        {
            if (owner is null)
            {
                throw new ScalerConfigurationException($"{key}: 'env' entries need the scale target, and this trigger has none");
            }

            var (where, containers, defaultContainer) = await ContainersAsync(key, owner, cancellationToken).ConfigureAwait(false);
            foreach (var env in authentication.Spec.Env)
            {
                var containerName = env.ContainerName ?? defaultContainer;
                var container = containerName is null
                    ? containers.FirstOrDefault()
                    : containers.FirstOrDefault(c => c["name"]?.GetValue<string>() == containerName);
                if (container is null)
                {
                    var names = containers.Select(c => c["name"]?.GetValue<string>() ?? "").ToList();
                    throw new ScalerConfigurationException(containerName is null
                        ? $"{key}: {where} has no containers (env '{env.Name}' for parameter '{env.Parameter}')"
                        : $"{key}: {where} has no container '{containerName}'{Validation.NameSuggester.Hint(containerName, names)} (env '{env.Name}' for parameter '{env.Parameter}'); containers: {string.Join(", ", names)}");
                }

                var what = $"env '{env.Name}' of container '{container["name"]}' in {where} (parameter '{env.Parameter}')";
                parameters[env.Parameter] = await EnvValueAsync(key, owner.Metadata.Namespace, container, env.Name, what, cancellationToken).ConfigureAwait(false);
            }
        }

        return new ResolvedAuth(parameters, NoEnvironment);
    }

    /// <summary>The containers of the owner's pod template, where they came from, and the default container (envSourceContainerName).</summary>
    private async Task<(string Where, List<JsonObject> Containers, string? DefaultContainer)> ContainersAsync(ResourceKey key, IResource owner, CancellationToken cancellationToken)
    {
        if (owner is ScaledJob job)
        {
            var jobContainers = job.Spec.JobTargetRef?["template"]?["spec"]?["containers"] as JsonArray ?? [];
            return ($"ScaledJob {job.Metadata.Name}'s jobTargetRef", [.. jobContainers.OfType<JsonObject>()], job.Spec.EnvSourceContainerName);
        }

        if (owner is not ScaledObject scaledObject)
        {
            throw new ScalerConfigurationException($"{key}: 'env' entries are for ScaledObjects and ScaledJobs");
        }

        var target = scaledObject.Spec.ScaleTargetRef;
        var names = ResourceNames.Of(target.ApiVersion, target.Kind);
        var where = $"{target.Kind} {owner.Metadata.Namespace}/{target.Name}";
        JsonNode workload;
        try
        {
            var value = await _client.CustomObjects.GetNamespacedCustomObjectAsync(names.Group, names.Version, owner.Metadata.Namespace, names.Plural, target.Name, cancellationToken)
                .ConfigureAwait(false);
            workload = JsonNode.Parse(KubernetesJson.Serialize(value))!;
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound) || ApiErrors.Is(e, HttpStatusCode.Forbidden))
        {
            throw new ScalerConfigurationException($"{key}: the scale target {where} cannot be read for its containers' env: {ApiErrors.Message(e)}");
        }

        var containers = workload["spec"]?["template"]?["spec"]?["containers"] as JsonArray
            ?? throw new ScalerConfigurationException($"{key}: {where} has no pod template (spec.template.spec.containers), so 'env' cannot be read from it");
        return (where, [.. containers.OfType<JsonObject>()], target.EnvSourceContainerName);
    }

    /// <summary>A container's variable as the kubelet would set it: <c>env</c> (last entry wins) over <c>envFrom</c> (later sources win).</summary>
    private async Task<string> EnvValueAsync(ResourceKey key, string ns, JsonObject container, string name, string what, CancellationToken cancellationToken)
    {
        var entry = (container["env"] as JsonArray ?? []).OfType<JsonObject>().LastOrDefault(e => e["name"]?.GetValue<string>() == name);
        if (entry is not null)
        {
            if (entry["valueFrom"] is not JsonObject from)
            {
                return entry["value"]?.GetValue<string>() ?? "";
            }

            if (from["secretKeyRef"] is JsonObject secretRef)
            {
                var (refName, refKey) = (secretRef["name"]?.GetValue<string>() ?? "", secretRef["key"]?.GetValue<string>() ?? "");
                return await SecretValueAsync(key, ns, refName, refKey, what, cancellationToken).ConfigureAwait(false)
                    ?? throw new ScalerConfigurationException($"{key}: secret '{ns}/{refName}' has no key '{refKey}' ({what})");
            }

            if (from["configMapKeyRef"] is JsonObject configMapRef)
            {
                var (refName, refKey) = (configMapRef["name"]?.GetValue<string>() ?? "", configMapRef["key"]?.GetValue<string>() ?? "");
                var data = await ConfigMapAsync(key, ns, refName, what, cancellationToken).ConfigureAwait(false);
                return data.TryGetValue(refKey, out var value)
                    ? value
                    : throw new ScalerConfigurationException($"{key}: configmap '{ns}/{refName}' has no key '{refKey}' ({what})");
            }

            var kind = string.Join(", ", from.Select(kv => kv.Key));
            throw new ScalerConfigurationException($"{key}: {what} comes from valueFrom.{kind}, which cannot be resolved outside the pod; use value, secretKeyRef or configMapKeyRef");
        }

        string? found = null;
        foreach (var source in (container["envFrom"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var prefix = source["prefix"]?.GetValue<string>() ?? "";
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var dataKey = name[prefix.Length..];
            if (source["secretRef"]?["name"]?.GetValue<string>() is { } secretName)
            {
                found = await SecretValueAsync(key, ns, secretName, dataKey, what, cancellationToken, optional: true).ConfigureAwait(false) ?? found;
            }
            else if (source["configMapRef"]?["name"]?.GetValue<string>() is { } configMapName)
            {
                var data = await ConfigMapAsync(key, ns, configMapName, what, cancellationToken, optional: true).ConfigureAwait(false);
                found = data.TryGetValue(dataKey, out var value) ? value : found;
            }
        }

        return found ?? throw new ScalerConfigurationException($"{key}: {what} is not set (neither in env nor in envFrom)");
    }

    private async Task<string?> SecretValueAsync(ResourceKey key, string ns, string name, string dataKey, string what, CancellationToken cancellationToken, bool optional = false)
    {
        k8s.Models.V1Secret value;
        try
        {
            value = await _client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (optional && ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            return null;
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound) || ApiErrors.Is(e, HttpStatusCode.Forbidden))
        {
            throw new ScalerConfigurationException($"{key}: secret '{ns}/{name}' for {what} cannot be read: {ApiErrors.Message(e)}");
        }

        return value.Data is not null && value.Data.TryGetValue(dataKey, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
    }

    private async Task<IDictionary<string, string>> ConfigMapAsync(ResourceKey key, string ns, string name, string what, CancellationToken cancellationToken, bool optional = false)
    {
        try
        {
            var value = await _client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            return value.Data ?? new Dictionary<string, string>();
        }
        catch (Exception e) when (optional && ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            return new Dictionary<string, string>();
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound) || ApiErrors.Is(e, HttpStatusCode.Forbidden))
        {
            throw new ScalerConfigurationException($"{key}: configmap '{ns}/{name}' for {what} cannot be read: {ApiErrors.Message(e)}");
        }
    }
}
