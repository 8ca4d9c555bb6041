namespace Autoscaler.Scaling;

/// <summary>
/// The default <see cref="IScalerCatalog"/>: a dictionary of the registered factories that refuses, when it is
/// built, two factories with the same type name.
/// </summary>
public sealed class ScalerCatalog : IScalerCatalog
{
    private readonly Dictionary<string, IScalerFactory> _factories = new(StringComparer.Ordinal);

    /// <summary>Builds the catalog. Throws <see cref="InvalidOperationException"/> on a duplicate or empty type name.</summary>
    public ScalerCatalog(IEnumerable<IScalerFactory> factories)
    {
        ArgumentNullException.ThrowIfNull(factories);
        foreach (var factory in factories)
        {
            if (string.IsNullOrWhiteSpace(factory.Type))
            {
                throw new InvalidOperationException($"Scaler factory {factory.GetType().FullName} has no type name.");
            }

            if (!_factories.TryAdd(factory.Type, factory))
            {
                throw new InvalidOperationException(
                    $"Two scaler factories register the trigger type '{factory.Type}': " +
                    $"{_factories[factory.Type].GetType().FullName} and {factory.GetType().FullName}.");
            }
        }

        Types = [.. _factories.Keys.Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Types { get; }

    /// <inheritdoc />
    public bool TryGet(string type, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IScalerFactory? factory) =>
        _factories.TryGetValue(type, out factory);
}
