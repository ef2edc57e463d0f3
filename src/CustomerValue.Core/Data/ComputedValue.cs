using System.Text.Json.Serialization;

namespace CustomerValue.Core.Data;

/// <summary>
/// A contract field built from other columns and a constant factor. In JSON:
/// <c>"amount": { "multiply": ["Quantity", "UnitPrice"] }</c> (amount = quantity × unit price),
/// <c>"amount": { "multiply": ["amount_cents"], "factor": 0.01 }</c> (cents to currency units),
/// <c>"amount": { "multiply": ["Total"], "minus": ["Refunded Amount"] }</c> (an order's total less what was refunded of it), or
/// <c>"amount": { "factor": 1 }</c> (a file without amounts: every row is one purchase worth 1).
/// </summary>
public sealed record ComputedValue
{
    /// <summary>Columns whose numeric values are multiplied together.</summary>
    public IReadOnlyList<ColumnRef> Multiply { get; init; } = [];

    /// <summary>A constant the product is multiplied by (1 when absent); alone, the value of every row.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Factor { get; init; }

    /// <summary>
    /// Amount only: columns subtracted from the product, a blank one as 0 (an order export's refunded amount, blank where
    /// nothing was refunded). The order keeps its date: a refund made later nets against the order it refunds.
    /// </summary>
    public IReadOnlyList<ColumnRef> Minus { get; init; } = [];
}
