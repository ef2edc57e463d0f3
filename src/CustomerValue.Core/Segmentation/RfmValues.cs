namespace CustomerValue.Core.Segmentation;

/// <summary>A customer's raw recency, frequency and monetary value as of the scoring date.</summary>
/// <param name="RecencyDays">Days since the latest purchase; null for a prospect who never bought.</param>
/// <param name="Frequency">Purchase count as the caller defines it (repeat purchases in BTYD terms: mostly 0).</param>
/// <param name="Monetary">Spend as the caller defines it (total or mean net spend, currency).</param>
public readonly record struct RfmValues(double? RecencyDays, double Frequency, double Monetary)
{
    public static RfmValues Prospect { get; } = new(null, 0, 0);

    public bool HasPurchased => RecencyDays is not null;
}
