using Autoscaler.Model;

namespace Autoscaler.Configuration;

/// <summary>A resource loaded and validated from a file.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="File">The file it came from.</param>
/// <param name="Position">Where its document starts.</param>
/// <param name="SourceMap">Where each field was written.</param>
public sealed record LoadedResource(IResource Resource, string File, SourcePosition Position, SourceMap SourceMap)
{
    /// <summary>The resource's key.</summary>
    public ResourceKey Key => ResourceKey.Of(Resource);
}
