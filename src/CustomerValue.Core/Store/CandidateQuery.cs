using System.Globalization;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Store;

/// <summary>
/// Which reactivation candidates to list. Candidates are the customers in <see cref="LifecycleStage.Retention"/>
/// (at risk) or <see cref="LifecycleStage.Recovery"/> (lapsed) unless <see cref="Stages"/> names others, ranked by
/// expected return (response rate × value at stake − cost per contact, so by value at stake), highest first, ties
/// broken by customer id (ordinal). The filters narrow that list; <see cref="Budget"/> cuts it; <see cref="Limit"/>
/// and <see cref="Offset"/> page through what is left.
/// </summary>
public sealed record CandidateQuery
{
    public const int MaxLimit = 100_000;

    /// <summary>Rows on this page; null for all (an export). At most <see cref="MaxLimit"/> when set.</summary>
    public int? Limit { get; init; } = 100;
    public int Offset { get; init; }

    /// <summary>Minimum predicted value.</summary>
    public double? MinValue { get; init; }

    /// <summary>Minimum value at stake (churn probability × predicted value).</summary>
    public double? MinValueAtStake { get; init; }

    /// <summary>The stages reactivation lists are made of when <see cref="Stages"/> is not set: at risk and lapsed.</summary>
    public static IReadOnlyList<LifecycleStage> DefaultStages { get; } = [LifecycleStage.Retention, LifecycleStage.Recovery];

    /// <summary>
    /// Only these stages; null for <see cref="DefaultStages"/>. Active customers are listed only when asked for:
    /// a reactivation list of customers who ordered last week is a list a marketer throws away.
    /// </summary>
    public IReadOnlyList<LifecycleStage>? Stages { get; init; }

    /// <summary>Only this RFM segment (exact match).</summary>
    public string? Segment { get; init; }

    /// <summary>Only postal codes that start with this text (ordinal), so <c>101</c> takes a whole district.</summary>
    public string? PostalCode { get; init; }
    public string? Device { get; init; }
    public string? Channel { get; init; }

    /// <summary>
    /// What one contact costs. When set, only customers whose expected saved value
    /// (<see cref="ResponseRate"/> × value at stake) exceeds it are candidates: contacting anyone else loses money.
    /// </summary>
    public double? CostPerContact { get; init; }

    /// <summary>
    /// Total to spend; needs <see cref="CostPerContact"/>. The selection is the first ⌊budget / cost⌋ candidates in
    /// rank order, so the budget goes to the customers with the most at stake.
    /// </summary>
    public double? Budget { get; init; }

    /// <summary>
    /// Share of contacted customers the offer keeps, in (0, 1]; 1 by default, which makes the expected value the
    /// whole value at stake of the selection (an upper bound). Set it from a past campaign's uplift.
    /// </summary>
    public double ResponseRate { get; init; } = 1;

    /// <summary>
    /// Opt-in: take each customer's response rate from an evaluated campaign's measured uplift in the value-at-stake
    /// decile they fall in, instead of <see cref="ResponseRate"/> (which stays the rate of deciles too small to tell).
    /// The ranking, the cost cut and the totals then all use the measured rates. Null for the configured rate.
    /// </summary>
    public Campaigns.MeasuredUplift? Uplift { get; init; }

    /// <summary>
    /// The list's order: by value at stake (the default, as above), or <see cref="CandidateRanking.ChurnProbability"/>,
    /// likeliest to churn first (then value at stake, then id): the order a churn table's run needs, whose bundle values
    /// no one (every value at stake 0). The budget then goes to the first ⌊budget / cost⌋ in that order.
    /// </summary>
    public CandidateRanking RankBy { get; init; }

    /// <summary>The response rate of a customer with this much at stake: <see cref="ResponseRate"/>, or the measured one.</summary>
    public double RateFor(double valueAtStake) => Uplift is { } uplift ? uplift.DecileFor(valueAtStake).Rate : ResponseRate;

    /// <summary>Where <see cref="RateFor"/> comes from, in words: "configured", or the campaign and decile.</summary>
    public string RateSourceFor(double valueAtStake) => Uplift is { } uplift ? uplift.SourceFor(valueAtStake) : "configured";

    /// <summary>Smallest cost per contact: a hundredth of a cent.</summary>
    public const double MinCostPerContact = 0.0001;

    const double MaxAmount = Data.ValueBounds.MaxAmount;

    /// <summary>The problems with this query, each naming the field; empty when it can run.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Limit is < 0 or > MaxLimit) errors.Add($"{nameof(Limit)} must be between 0 and {MaxLimit}.");
        if (Offset < 0) errors.Add($"{nameof(Offset)} must not be negative.");
        if (Stages is { Count: 0 }) errors.Add($"{nameof(Stages)} must name at least one stage, or be left unset for Retention and Recovery.");
        if (Stages?.FirstOrDefault(s => !Enum.IsDefined(s)) is { } unknown && !Enum.IsDefined(unknown))
            errors.Add($"{nameof(Stages)} holds {(int)unknown}, which is not a lifecycle stage.");
        NonNegative(MinValueAtStake, nameof(MinValueAtStake), errors);
        if (MinValue is { } min && !(double.IsFinite(min) && Math.Abs(min) <= MaxAmount))
            errors.Add($"{nameof(MinValue)} must be a number between -1e12 and 1e12.");
        // A cost of 1e-308 makes the expected return (value − cost) ÷ cost overflow to infinity.
        if (CostPerContact is { } cost && !(double.IsFinite(cost) && cost >= MinCostPerContact && cost <= MaxAmount))
            errors.Add($"{nameof(CostPerContact)} must be between {MinCostPerContact.ToString(CultureInfo.InvariantCulture)} and 1e12.");
        if (Budget is { } budget)
        {
            if (!(double.IsFinite(budget) && budget >= 0 && budget <= MaxAmount)) errors.Add($"{nameof(Budget)} must be between 0 and 1e12.");
            if (CostPerContact is null) errors.Add($"{nameof(Budget)} needs {nameof(CostPerContact)}.");
        }
        if (!(ResponseRate is > 0 and <= 1)) errors.Add($"{nameof(ResponseRate)} must be in (0, 1].");
        if (Uplift is { } uplift) errors.AddRange(uplift.Validate());
        return errors;
    }

    static void NonNegative(double? value, string name, List<string> errors)
    {
        if (value is { } v && !(double.IsFinite(v) && v >= 0)) errors.Add($"{name} must be a non-negative number.");
    }

    /// <summary>The stages the query lists: <see cref="Stages"/>, or <see cref="DefaultStages"/> when unset.</summary>
    public IReadOnlyList<LifecycleStage> EffectiveStages => Stages ?? DefaultStages;

    /// <summary>What contacting a customer with this much at stake is expected to return: response rate × value at stake − cost per contact.</summary>
    public double ExpectedReturn(double valueAtStake) => RateFor(valueAtStake) * valueAtStake - (CostPerContact ?? 0);

    /// <summary>How many customers the budget pays for, or null when there is no budget.</summary>
    internal long? Capacity => Budget is { } budget && CostPerContact is { } cost
        ? (long)Math.Min(Math.Floor(budget / cost + 1e-9), long.MaxValue / 2)
        : null;
}

/// <summary>How a reactivation list is ordered (<see cref="CandidateQuery.RankBy"/>).</summary>
public enum CandidateRanking
{
    /// <summary>Expected return: value at stake (times the measured rate with an uplift), highest first.</summary>
    ValueAtStake,

    /// <summary>Churn probability, highest first.</summary>
    ChurnProbability,
}
