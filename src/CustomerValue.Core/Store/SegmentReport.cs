using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Store;

/// <summary>
/// The current run summed up by RFM segment, by lifecycle stage and by acquisition channel. Every list is in a
/// fixed order (segments and channels by name, ordinal, no channel last; stages in lifecycle order).
/// </summary>
public sealed record SegmentReport(
    ScoringRun Run,
    IReadOnlyList<SegmentSummary> BySegment,
    IReadOnlyList<StageSummary> ByStage,
    IReadOnlyList<ChannelSummary> ByChannel);

/// <param name="ChurnRate">Mean churn probability: the expected share of the group that churns within the horizon.</param>
/// <param name="ValueAtStake">Σ churn probability × predicted value.</param>
public sealed record SegmentSummary(string Segment, long Customers, double MeanPredictedValue, double ChurnRate, double ValueAtStake);

/// <param name="ChurnRate">Mean churn probability: the expected share of the group that churns within the horizon.</param>
/// <param name="ValueAtStake">Σ churn probability × predicted value.</param>
public sealed record StageSummary(LifecycleStage Stage, long Customers, double MeanPredictedValue, double ChurnRate, double ValueAtStake);

/// <param name="Channel">Null for customers whose channel is not known.</param>
/// <param name="AcquisitionCost">The configured cost of acquiring one customer through the channel, if any.</param>
/// <param name="ValueToCostRatio">Mean predicted value ÷ acquisition cost (CLV : CAC); null without a positive cost.</param>
public sealed record ChannelSummary(string? Channel, long Customers, double MeanPredictedValue, double? AcquisitionCost, double? ValueToCostRatio);
