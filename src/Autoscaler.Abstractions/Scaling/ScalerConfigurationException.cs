using Autoscaler.Validation;

namespace Autoscaler.Scaling;

/// <summary>A scaler could not be built because its settings are wrong.</summary>
public sealed class ScalerConfigurationException : Exception
{
    /// <summary>Creates the exception from the field errors.</summary>
    public ScalerConfigurationException(IReadOnlyList<FieldError> errors)
        : base(string.Join("; ", errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception with one message.</summary>
    public ScalerConfigurationException(string message) : base(message)
    {
        Errors = [new FieldError("", message)];
    }

    /// <summary>Creates the exception with one message and a cause.</summary>
    public ScalerConfigurationException(string message, Exception inner) : base(message, inner)
    {
        Errors = [new FieldError("", message)];
    }

    /// <summary>The field errors.</summary>
    public IReadOnlyList<FieldError> Errors { get; }
}
