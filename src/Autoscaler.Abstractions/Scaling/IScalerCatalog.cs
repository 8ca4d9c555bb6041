namespace Autoscaler.Scaling;

/// <summary>The scaler factories this process knows, found by trigger type name.</summary>
public interface IScalerCatalog
{
    /// <summary>Every registered trigger type, sorted.</summary>
    IReadOnlyList<string> Types { get; }

    /// <summary>Finds the factory for <paramref name="type"/> (exact, case-sensitive, as KEDA matches).</summary>
    bool TryGet(string type, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IScalerFactory? factory);
}
