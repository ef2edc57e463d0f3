using System.Text.Json;
using CustomerValue.Api.Predictions;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Store;

namespace CustomerValue.Api.Customers;

/// <summary>A customer's latest stored score; money in the currency of the training data, over the model's horizon.</summary>
public sealed record CustomerResponse(
    string CustomerId,
    DateOnly AsOf,
    double PredictedValue,
    ValueInterval ValueInterval,
    double ChurnProbability,
    double? ProbabilityAlive,
    DateOnly? ExpectedNextOrderDate,
    double ExpectedOrders,
    LifecycleStage LifecycleStage,
    string? RfmSegment,
    int? DaysSinceLastOrder,
    int Orders,
    double TotalSpend,
    string? PostalCode,
    string? Device,
    string? Channel,
    double ValueAtStake,
    string RecommendedAction,
    double ActionMaxSpend,
    IReadOnlyList<string> TopReasons);

public sealed record SegmentsResponse(
    string RunId,
    string ModelVersion,
    DateOnly AsOf,
    long Customers,
    IReadOnlyList<SegmentSummaryResponse> Segments,
    IReadOnlyList<StageSummaryResponse> Stages,
    IReadOnlyList<ChannelSummaryResponse>? Channels);

public sealed record SegmentSummaryResponse(string Segment, long Customers, double MeanPredictedValue, double ChurnRate, double ValueAtStake);

public sealed record StageSummaryResponse(LifecycleStage Stage, long Customers, double MeanPredictedValue, double ChurnRate, double ValueAtStake);

/// <param name="ValueToCostRatio">Mean predicted value ÷ acquisition cost (CLV : CAC); null without a configured cost.</param>
public sealed record ChannelSummaryResponse(string? Channel, long Customers, double MeanPredictedValue, double? AcquisitionCost, double? ValueToCostRatio);

public sealed record CandidatesResponse(
    string? RunId,
    DateOnly? AsOf,
    CandidateTotalsResponse Totals,
    int? Limit,
    int Offset,
    IAsyncEnumerable<CandidateResponse> Candidates);

/// <param name="ExpectedReturn">(expected value − cost) ÷ cost; null when nothing is spent.</param>
public sealed record CandidateTotalsResponse(long Customers, double Cost, double ExpectedValue, double? ExpectedReturn);

public sealed record CandidateResponse(
    long Rank,
    string CustomerId,
    LifecycleStage Stage,
    string? Segment,
    int? DaysSinceLastOrder,
    double PredictedValue,
    double ChurnProbability,
    double ValueAtStake,
    string Reason,
    string Offer,
    double OfferMaxSpend);

public static class CustomerResponseMapping
{
    public static CustomerResponse ToResponse(this ScoredCustomer c) => new(
        c.CustomerId, c.AsOf, Money(c.PredictedValue), new ValueInterval(Money(c.ValueP10), Money(c.ValueP90)),
        Probability(c.ChurnProbability), c.ProbabilityAlive is { } alive ? Probability(alive) : null, c.ExpectedNextOrder, Math.Round(c.ExpectedOrders, 2),
        c.Stage, SegmentName(c.RfmSegment), c.DaysSinceLastOrder, c.Orders, Money(c.TotalSpend), c.PostalCode, c.Device, c.Channel,
        Money(c.ValueAtStake), c.RecommendedAction, Money(c.ActionMaxSpend), c.TopReasons);

    public static SegmentsResponse ToResponse(this SegmentReport report, bool withChannels) => new(
        report.Run.RunId, report.Run.ModelVersion, report.Run.AsOf, report.Run.CustomersScored,
        [.. report.BySegment.Select(s => new SegmentSummaryResponse(SegmentName(s.Segment) ?? "", s.Customers, Money(s.MeanPredictedValue), Probability(s.ChurnRate), Money(s.ValueAtStake)))],
        [.. report.ByStage.Select(s => new StageSummaryResponse(s.Stage, s.Customers, Money(s.MeanPredictedValue), Probability(s.ChurnRate), Money(s.ValueAtStake)))],
        withChannels
            ? [.. report.ByChannel.Select(c => new ChannelSummaryResponse(c.Channel, c.Customers, Money(c.MeanPredictedValue), c.AcquisitionCost, c.ValueToCostRatio is { } r ? Math.Round(r, 2) : null))]
            : null);

    public static CandidateTotalsResponse ToResponse(this CandidateTotals t) =>
        new(t.Customers, Money(t.Cost), Money(t.ExpectedValue), t.ExpectedReturn is { } r ? Math.Round(r, 4) : null);

    public static CandidateResponse ToResponse(this Candidate c) => new(
        c.Rank, c.CustomerId, c.Stage, SegmentName(c.Segment), c.DaysSinceLastOrder, Money(c.PredictedValue),
        Probability(c.ChurnProbability), Money(c.ValueAtStake), c.Reason, c.Offer, Money(c.OfferMaxSpend));

    /// <summary>The store keeps the enum name (<c>AtRisk</c>); JSON speaks camelCase (<c>atRisk</c>), as the predictions do.</summary>
    static string? SegmentName(string segment) => segment.Length == 0 ? null : JsonNamingPolicy.CamelCase.ConvertName(segment);

    static double Money(double value) => Math.Round(value, 2);

    static double Probability(double value) => Math.Round(value, 4);
}
