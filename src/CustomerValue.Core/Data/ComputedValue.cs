using System.Text.Json.Serialization;

namespace CustomerValue.Core.Data;

/// <summary>
/// A contract field built from other columns and a constant factor. In JSON:
/// <c>"amount": { "multiply": ["Quantity", "UnitPrice"] }</c> (amount = quantity × unit price),
/// <c>"amount": { "multiply": ["amount_cents"], "factor": 0.01 }</c> (cents to currency units), or
/// <c>"amount": { "factor": 1 }</c> (a file without amounts: every row is one purchase worth 1).
/// </summary>
public sealed record ComputedValue
{
    /// <summary>Columns whose numeric values are multiplied together.</summary>
    public IReadOnlyList<ColumnRef> Multiply { get; init; } = [];

    /// <summary>A constant the product is multiplied by (1 when absent); alone, the value of every row.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Factor { get; init; }
}
