namespace CustomerValue.Core.Lifecycle;

/// <summary>A named value tier: customers whose predicted value is at least <see cref="MinValue"/>.</summary>
/// <remarks>A class with setters rather than a record so the configuration binder can fill it.</remarks>
public sealed class ValueTier
{
    public string Name { get; set; } = "";

    /// <summary>Lowest predicted value (currency) that belongs to this tier.</summary>
    public double MinValue { get; set; }
}
