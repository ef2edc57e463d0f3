using System.Text.Json;
using CustomerValue.Api.Predictions;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Store;

namespace CustomerValue.Api.Customers;

/// <summary>A customer's latest stored score; money in the currency of the training data, over the model's horizon.</summary>
/// <param name="TopReasons">The strongest reasons behind the predicted value, in words.</param>
/// <param name="ActionReason">
/// Why the recommended action: the trigger that placed the customer and the margin behind its spend ceiling. Null when
/// the run did not explain this customer (by default it explains the reactivation list's stages, Retention and Recovery).
/// </param>
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
    IReadOnlyList<string> TopReasons,
    string? ActionReason);

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

/// <param name="RateSource">Where the response rates come from: "configured", or the evaluated campaign whose measured uplift by decile they are.</param>
public sealed record CandidatesResponse(
    string? RunId,
    DateOnly? AsOf,
    CandidateTotalsResponse Totals,
    int? Limit,
    int Offset,
    IAsyncEnumerable<CandidateResponse> Candidates,
    string RateSource = "configured");

/// <param name="ExpectedValue">Response rate × Σ value at stake of the selection.</param>
/// <param name="ExpectedReturn">Expected value − cost.</param>
/// <param name="ReturnOnCost">Expected return ÷ cost; null when nothing is spent.</param>
public sealed record CandidateTotalsResponse(long Customers, double Cost, double ExpectedValue, double ExpectedReturn, double? ReturnOnCost);

/// <param name="Reason">Why the customer is on the list: the recommended action's reason (for a run stored before it was kept, the value drivers).</param>
/// <param name="ValueDrivers">The strongest reasons behind the predicted value, in words, joined with "; ".</param>
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
    double OfferMaxSpend,
    double ExpectedReturn,
    double ResponseRate,
    string RateSource,
    string ValueDrivers);

public static class CustomerResponseMapping
{
    public static CustomerResponse ToResponse(this ScoredCustomer c) => new(
        c.CustomerId, c.AsOf, Money(c.PredictedValue), new ValueInterval(Money(c.ValueP10), Money(c.ValueP90)),
        Probability(c.ChurnProbability), c.ProbabilityAlive is { } alive ? Probability(alive) : null, c.ExpectedNextOrder, Math.Round(c.ExpectedOrders, 2),
        c.Stage, SegmentName(c.RfmSegment), c.DaysSinceLastOrder, c.Orders, Money(c.TotalSpend), c.PostalCode, c.Device, c.Channel,
        Money(c.ValueAtStake), c.RecommendedAction, Money(c.ActionMaxSpend), c.TopReasons, c.ActionReason);

    public static SegmentsResponse ToResponse(this SegmentReport report, bool withChannels) => new(
        report.Run.RunId, report.Run.ModelVersion, report.Run.AsOf, report.Run.CustomersScored,
        [.. report.BySegment.Select(s => new SegmentSummaryResponse(SegmentName(s.Segment) ?? "", s.Customers, Money(s.MeanPredictedValue), Probability(s.ChurnRate), Money(s.ValueAtStake)))],
        [.. report.ByStage.Select(s => new StageSummaryResponse(s.Stage, s.Customers, Money(s.MeanPredictedValue), Probability(s.ChurnRate), Money(s.ValueAtStake)))],
        withChannels
            ? [.. report.ByChannel.Select(c => new ChannelSummaryResponse(c.Channel, c.Customers, Money(c.MeanPredictedValue), c.AcquisitionCost, c.ValueToCostRatio is { } r ? Math.Round(r, 2) : null))]
            : null);

    public static CandidateTotalsResponse ToResponse(this CandidateTotals t) =>
        new(t.Customers, Money(t.Cost), Money(t.ExpectedValue), Money(t.ExpectedReturn), t.ReturnOnCost is { } r ? Math.Round(r, 4) : null);

    /// <param name="query">The query the candidate was listed by: it says the rate and where the rate comes from.</param>
    public static CandidateResponse ToResponse(this Candidate c, CandidateQuery query) => new(
        c.Rank, c.CustomerId, c.Stage, SegmentName(c.Segment), c.DaysSinceLastOrder, Money(c.PredictedValue),
        Probability(c.ChurnProbability), Money(c.ValueAtStake), c.Reason, c.Offer, Money(c.OfferMaxSpend), Money(c.ExpectedReturn),
        Probability(query.RateFor(c.ValueAtStake)), query.RateSourceFor(c.ValueAtStake), c.ValueDrivers);

    /// <summary>The list's rate source in one phrase.</summary>
    public static string RateSource(this CandidateQuery query) => query.Uplift is { } uplift
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"campaign {uplift.Campaign}'s measured uplift by value-at-stake decile (evaluated {uplift.EvaluatedUtc:yyyy-MM-dd HH:mm} UTC)")
        : "configured";

    /// <summary>The store keeps the enum name (<c>AtRisk</c>); JSON speaks camelCase (<c>atRisk</c>), as the predictions do.</summary>
    static string? SegmentName(string segment) => segment.Length == 0 ? null : JsonNamingPolicy.CamelCase.ConvertName(segment);

    static double Money(double value) => Math.Round(value, 2);

    static double Probability(double value) => Math.Round(value, 4);
}
