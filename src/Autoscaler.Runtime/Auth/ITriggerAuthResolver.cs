using Autoscaler.Model;

namespace Autoscaler.Runtime.Auth;

/// <summary>Resolves a trigger's <c>authenticationRef</c> into parameters, and provides the target's environment.</summary>
public interface ITriggerAuthResolver
{
    /// <summary>
    /// Resolves the trigger's authentication for an object in <paramref name="objectNamespace"/>. Throws
    /// <see cref="Autoscaler.Scaling.ScalerConfigurationException"/> when the reference cannot be resolved.
    /// </summary>
    ValueTask<ResolvedAuth> ResolveAsync(ScaleTrigger trigger, string objectNamespace, CancellationToken cancellationToken);

    /// <summary>
    /// Resolves the trigger's authentication for <paramref name="owner"/> (a ScaledObject or ScaledJob), whose scale
    /// target's containers <c>env</c> entries read. The default ignores the owner beyond its namespace.
    /// </summary>
    ValueTask<ResolvedAuth> ResolveAsync(ScaleTrigger trigger, IResource owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return ResolveAsync(trigger, owner.Metadata.Namespace, cancellationToken);
    }
}
