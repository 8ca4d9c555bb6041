using Autoscaler.Configuration;
using Autoscaler.Model;

namespace Autoscaler.Runtime.Resources;

/// <summary>A resource in the store, with where it came from.</summary>
/// <param name="Resource">The resource (validated).</param>
/// <param name="Source">Where it came from, for example <c>manifests/samples/demo.yaml:1</c> or <c>kubernetes</c>.</param>
/// <param name="Fingerprint">A hash of its spec: a change restarts the object's scalers.</param>
public sealed record StoredResource(IResource Resource, string Source, string Fingerprint)
{
    /// <summary>The resource's key.</summary>
    public ResourceKey Key => ResourceKey.Of(Resource);
}
