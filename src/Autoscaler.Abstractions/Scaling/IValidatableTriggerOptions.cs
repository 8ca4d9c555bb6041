using Autoscaler.Validation;

namespace Autoscaler.Scaling;

/// <summary>Typed trigger options with rules across fields, checked after every field was bound.</summary>
public interface IValidatableTriggerOptions
{
    /// <summary>Adds an error per broken rule; paths are metadata keys (<c>metadata.end</c>).</summary>
    void Validate(ErrorList errors);
}
