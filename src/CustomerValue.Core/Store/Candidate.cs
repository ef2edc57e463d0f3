using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Store;

/// <summary>One customer worth contacting, with what is at stake and what to offer.</summary>
/// <param name="Rank">1-based position in the ranked list (before paging).</param>
/// <param name="Reason">
/// Why the customer is on the list: the recommended action's reason (the trigger that placed them, and the margin at stake
/// behind the offer's ceiling). For a run written before the store kept it, the value drivers.
/// </param>
/// <param name="OfferMaxSpend">The most the offer should cost for this customer.</param>
/// <param name="ExpectedReturn">Response rate × value at stake − cost per contact: what contacting this customer is expected to bring in.</param>
/// <param name="ValueDrivers">The strongest reasons behind the predicted value, in words, joined with "; "; empty when not kept.</param>
public sealed record Candidate(
    long Rank,
    string CustomerId,
    LifecycleStage Stage,
    string Segment,
    int? DaysSinceLastOrder,
    double PredictedValue,
    double ChurnProbability,
    double ValueAtStake,
    string Reason,
    string Offer,
    double OfferMaxSpend,
    double ExpectedReturn,
    string ValueDrivers = "");

/// <summary>
/// The whole selection, not just one page. <see cref="ExpectedValue"/> = response rate × Σ value at stake of the
/// selected customers; <see cref="ExpectedReturn"/> = expected value − cost (the sum of the rows' expected returns);
/// <see cref="ReturnOnCost"/> = expected return / cost, null when nothing is spent.
/// </summary>
public sealed record CandidateTotals(long Customers, double Cost, double ExpectedValue, double? ReturnOnCost)
{
    public static readonly CandidateTotals Empty = new(0, 0, 0, null);

    public double ExpectedReturn => ExpectedValue - Cost;
}
