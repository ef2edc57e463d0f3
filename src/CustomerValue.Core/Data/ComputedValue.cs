namespace CustomerValue.Core.Data;

/// <summary>
/// A contract field built from other columns. In JSON:
/// <c>"amount": { "multiply": ["Quantity", "UnitPrice"] }</c> (amount = quantity × unit price).
/// </summary>
public sealed record ComputedValue
{
    /// <summary>Columns whose numeric values are multiplied together.</summary>
    public IReadOnlyList<ColumnRef> Multiply { get; init; } = [];
}
