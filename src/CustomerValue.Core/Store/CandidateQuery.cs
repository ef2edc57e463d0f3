using System.Globalization;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Store;

/// <summary>
/// Which reactivation candidates to list. Candidates are the customers in <see cref="LifecycleStage.Retention"/>
/// (at risk) or <see cref="LifecycleStage.Recovery"/> (lapsed), ranked by value at stake, highest first, ties
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

    /// <summary>Only this stage: Retention or Recovery.</summary>
    public LifecycleStage? Stage { get; init; }

    /// <summary>Only this RFM segment (exact match).</summary>
    public string? Segment { get; init; }
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

    /// <summary>Smallest cost per contact: a hundredth of a cent.</summary>
    public const double MinCostPerContact = 0.0001;

    const double MaxAmount = Data.ValueBounds.MaxAmount;

    /// <summary>The problems with this query, each naming the field; empty when it can run.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Limit is < 0 or > MaxLimit) errors.Add($"{nameof(Limit)} must be between 0 and {MaxLimit}.");
        if (Offset < 0) errors.Add($"{nameof(Offset)} must not be negative.");
        if (Stage is { } stage && stage is not (LifecycleStage.Retention or LifecycleStage.Recovery))
            errors.Add($"{nameof(Stage)} must be Retention or Recovery: only those customers are reactivation candidates.");
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
        return errors;
    }

    static void NonNegative(double? value, string name, List<string> errors)
    {
        if (value is { } v && !(double.IsFinite(v) && v >= 0)) errors.Add($"{name} must be a non-negative number.");
    }

    /// <summary>How many customers the budget pays for, or null when there is no budget.</summary>
    internal long? Capacity => Budget is { } budget && CostPerContact is { } cost
        ? (long)Math.Min(Math.Floor(budget / cost + 1e-9), long.MaxValue / 2)
        : null;
}
