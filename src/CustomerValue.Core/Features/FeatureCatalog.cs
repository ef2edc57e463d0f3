using static CustomerValue.Core.Features.FeatureColumns;

namespace CustomerValue.Core.Features;

/// <summary>
/// Name, kind, unit and meaning of every column, as data: the model card records the catalog it
/// was trained with. "As of the cutoff" means at the end of the cutoff day. A purchase day is a
/// day whose transactions net above zero, or net to zero without a return (a free item).
/// </summary>
public static class FeatureCatalog
{
    const string NoPurchase = "-1 when the customer has no purchase day (prospect)";

    public static IReadOnlyList<FeatureDefinition> Features { get; } =
    [
        new(IsProspect, FeatureKind.Numeric, FeatureUnit.Flag,
            "1 when the customer has no purchase day on or before the cutoff, else 0"),
        new(RecencyDays, FeatureKind.Numeric, FeatureUnit.Days,
            "Days from the last purchase day to the cutoff (0 = bought on the cutoff day)", NoPurchase),
        new(Frequency, FeatureKind.Numeric, FeatureUnit.Count,
            "Repeat purchase days: purchase days after the first one (BTYD x)"),
        new(TenureDays, FeatureKind.Numeric, FeatureUnit.Days,
            "Days from the first purchase day to the cutoff (BTYD T in days)", NoPurchase),
        new(Monetary, FeatureKind.Numeric, FeatureUnit.Currency,
            "Mean net amount of the repeat purchase days (BTYD zbar); 0 without repeat days"),
        new(FirstTicket, FeatureKind.Numeric, FeatureUnit.Currency,
            "Net amount of the first purchase day; 0 for a prospect"),
        new(TotalSpend, FeatureKind.Numeric, FeatureUnit.Currency,
            "Net sum of every amount on or before the cutoff, returns included (can be 0 or negative)"),
        new(PurchaseDays30, FeatureKind.Numeric, FeatureUnit.Count,
            "Purchase days among the 30 days ending with the cutoff day"),
        new(PurchaseDays90, FeatureKind.Numeric, FeatureUnit.Count,
            "Purchase days among the 90 days ending with the cutoff day"),
        new(PurchaseDays365, FeatureKind.Numeric, FeatureUnit.Count,
            "Purchase days among the 365 days ending with the cutoff day"),
        new(MeanDaysBetweenPurchases, FeatureKind.Numeric, FeatureUnit.Days,
            "Mean gap in days between consecutive purchase days",
            "-1 with fewer than two purchase days"),
        new(StdDaysBetweenPurchases, FeatureKind.Numeric, FeatureUnit.Days,
            "Population standard deviation of the gaps between consecutive purchase days (0 with one gap)",
            "-1 with fewer than two purchase days"),
        new(SpendTrend90, FeatureKind.Numeric, FeatureUnit.Ratio,
            "(a - b) / (a + b) in [-1, 1], a = net spend of the 90 days ending with the cutoff, b = of the 90 days before, each floored at 0; 0 when both are 0"),
        new(DaysSinceSignup, FeatureKind.Numeric, FeatureUnit.Days,
            "Days from the profile's signup date to the cutoff, floored at 0",
            "-1 when the signup date is unknown"),
        new(Spend365, FeatureKind.Numeric, FeatureUnit.Currency,
            "Net spend of the 365 days ending with the cutoff day"),
        new(SpendLastHorizon, FeatureKind.Numeric, FeatureUnit.Currency,
            "Net spend of the horizon-length window ending with the cutoff day (the 'last period's spend' rule)"),
        new(PurchaseDaysLastHorizon, FeatureKind.Numeric, FeatureUnit.Count,
            "Purchase days among the horizon-length window ending with the cutoff day"),
        new(RecencyOverMeanGap, FeatureKind.Numeric, FeatureUnit.Ratio,
            "Days since the last purchase day ÷ the customer's mean gap between purchase days (above 1: later than their own rhythm)",
            "-1 with fewer than two purchase days"),
        new(PostalCode, FeatureKind.Categorical, FeatureUnit.Category,
            "Profile postal code, trimmed", "empty when unknown"),
        new(PostalRegion, FeatureKind.Categorical, FeatureUnit.Category,
            "Upper-cased prefix of the postal code (first 2 characters by default)", "empty when unknown"),
        new(Device, FeatureKind.Categorical, FeatureUnit.Category,
            "Profile device, trimmed", "empty when unknown"),
        new(Channel, FeatureKind.Categorical, FeatureUnit.Category,
            "Profile acquisition channel, trimmed", "empty when unknown"),
        new(Newsletter, FeatureKind.Categorical, FeatureUnit.Category,
            "\"yes\" or \"no\" from the profile's newsletter flag", "empty when unknown"),
    ];

    public static IReadOnlyList<FeatureDefinition> Labels { get; } =
    [
        new(FutureSpend, FeatureKind.Numeric, FeatureUnit.Currency,
            "Net spend in the horizon (cutoff, cutoff + horizon], floored at 0"),
        new(FuturePurchaseDays, FeatureKind.Numeric, FeatureUnit.Count,
            "Purchase days in the horizon (cutoff, cutoff + horizon]"),
        new(Churned, FeatureKind.Numeric, FeatureUnit.Flag,
            "1 when there is no purchase day in (cutoff, cutoff + churn window]; the profile's given label for contract data"),
    ];

    /// <summary>
    /// A column read from the customer's profile rather than from their transactions: postal code and region, device,
    /// channel, newsletter, the signup date's age and every extra attribute.
    /// </summary>
    public static bool IsProfile(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name is PostalCode or PostalRegion or Device or Channel or Newsletter or DaysSinceSignup
            || name.StartsWith(AttributePrefix, StringComparison.Ordinal);
    }

    /// <summary>The fixed features followed by the extra attributes of <paramref name="attributes"/>.</summary>
    public static IReadOnlyList<FeatureDefinition> For(AttributeSchema attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var all = new List<FeatureDefinition>(Features.Count + attributes.NumericNames.Count + attributes.CategoricalNames.Count);
        all.AddRange(Features);
        foreach (var name in attributes.NumericNames)
            all.Add(new(Attribute(name), FeatureKind.Numeric, FeatureUnit.AsGiven,
                $"Profile attribute '{name}' read as a number", "NaN when blank or not a number"));
        foreach (var name in attributes.CategoricalNames)
            all.Add(new(Attribute(name), FeatureKind.Categorical, FeatureUnit.Category,
                $"Profile attribute '{name}', trimmed", "empty when unknown"));
        return all;
    }
}
