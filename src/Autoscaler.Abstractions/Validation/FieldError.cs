namespace Autoscaler.Validation;

/// <summary>One problem with one field: where (a field path such as <c>spec.triggers[1].metadata.queueLength</c>) and why.</summary>
/// <param name="Path">The field path, dotted, with list indexes in brackets.</param>
/// <param name="Message">The reason, in a sentence a user can act on.</param>
public sealed record FieldError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}
