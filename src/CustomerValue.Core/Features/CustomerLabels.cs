namespace CustomerValue.Core.Features;

public enum ChurnLabelSource
{
    /// <summary>Derived from purchases: no purchase day in the churn window.</summary>
    Observed,
    /// <summary>Taken from the profile (contract or subscription data).</summary>
    Given,
}

/// <summary>What happened after the cutoff; see <see cref="FeatureCatalog.Labels"/>.</summary>
/// <param name="FutureSpend">Net spend in (cutoff, cutoff + horizon], floored at 0 (currency).</param>
/// <param name="FuturePurchaseDays">Purchase days in (cutoff, cutoff + horizon] (count).</param>
/// <param name="Churned">No purchase day in (cutoff, cutoff + churn window], or the given label.</param>
/// <param name="DaysToNextPurchase">Days from the cutoff to the first purchase day in (cutoff, cutoff + horizon]; null when none.</param>
public readonly record struct CustomerLabels(double FutureSpend, int FuturePurchaseDays, bool Churned, ChurnLabelSource ChurnSource,
    int? DaysToNextPurchase = null)
{
    /// <summary>
    /// Net spend in each calendar month the horizon touches (the first and last may be partial), when
    /// <see cref="FeatureOptions.LabelsByMonth"/> asks for it; null otherwise.
    /// </summary>
    public double[]? SpendByMonth { get; init; }
}

/// <summary>A training example: a customer's features as of the cutoff and the labels after it.</summary>
public readonly record struct CustomerExample(FeatureRow Features, CustomerLabels Labels)
{
    /// <summary>Monthly totals up to the cutoff (<see cref="Features.OrderHistory"/>) when the base was read for scoring; null otherwise.</summary>
    public Domain.MonthlyOrders[]? OrderHistory { get; init; }
}
