namespace Autoscaler.Actuation;

/// <summary>The scale target does not exist.</summary>
public sealed class ScaleTargetNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ScaleTargetNotFoundException() : base("The scale target does not exist.") { }

    /// <summary>Creates the exception with a message.</summary>
    public ScaleTargetNotFoundException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ScaleTargetNotFoundException(string message, Exception inner) : base(message, inner) { }
}
