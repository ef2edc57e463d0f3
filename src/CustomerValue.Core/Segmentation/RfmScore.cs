namespace CustomerValue.Core.Segmentation;

/// <summary>One customer's RFM scores (1–5 each, 0 for a prospect) and RF segment.</summary>
public sealed record RfmScore(int Recency, int Frequency, int Monetary, RfmSegment Segment)
{
    /// <summary>
    /// R + F + M, 3–15 (0 for a prospect): the unweighted sum, the baseline ranking the CLV models
    /// must beat. Equal weights are the classic Hughes RFM total and assume nothing about which
    /// measure predicts value best; that is the models' job.
    /// </summary>
    public int Total => Recency + Frequency + Monetary;

    /// <summary>The three-digit RFM cell, 100R + 10F + M (e.g. 543; 0 for a prospect).</summary>
    public int Cell => 100 * Recency + 10 * Frequency + Monetary;
}
