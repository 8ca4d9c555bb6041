namespace Autoscaler.Model;

/// <summary>Any resource this project loads.</summary>
public interface IResource
{
    /// <summary>The API version as written.</summary>
    string ApiVersion { get; }

    /// <summary>The kind.</summary>
    string Kind { get; }

    /// <summary>The metadata.</summary>
    ObjectMeta Metadata { get; }
}
