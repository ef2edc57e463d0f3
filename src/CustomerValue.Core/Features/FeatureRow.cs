using CustomerValue.Core.Btyd;

namespace CustomerValue.Core.Features;

/// <summary>
/// One customer's features as of the end of <see cref="AsOf"/>. Built only by
/// <see cref="FeatureBuilder"/>; columns, units and sentinels are listed in <see cref="FeatureCatalog"/>.
/// </summary>
/// <remarks>
/// Record equality compares the attribute value lists by reference; rows built without extra
/// attributes share the same empty lists and compare by value.
/// </remarks>
public sealed record FeatureRow
{
    /// <summary>The value of a day-valued or gap-valued feature that is not defined for this customer.</summary>
    public const int NotDefined = -1;

    public required string CustomerId { get; init; }
    public required DateOnly AsOf { get; init; }

    public required bool IsProspect { get; init; }

    /// <summary>
    /// No purchase by the as-of date, only returns: a net spend below zero without a purchase day (half a cent of
    /// tolerance, as a purchase and its refund summed in floating point can land a hair below zero). Their purchases
    /// predate the data: a lapsed customer, not one who has yet to order.
    /// </summary>
    public bool ReturnsOnly => IsProspect && TotalSpend < -0.005;
    public required int RecencyDays { get; init; }
    public required int Frequency { get; init; }
    public required int TenureDays { get; init; }
    public required double Monetary { get; init; }
    public required double FirstTicket { get; init; }
    public required double TotalSpend { get; init; }
    public required int PurchaseDays30 { get; init; }
    public required int PurchaseDays90 { get; init; }
    public required int PurchaseDays365 { get; init; }
    public required double MeanDaysBetweenPurchases { get; init; }
    public required double StdDaysBetweenPurchases { get; init; }
    public required double SpendTrend90 { get; init; }
    public required int DaysSinceSignup { get; init; }
    public required double Spend365 { get; init; }
    public required double SpendLastHorizon { get; init; }
    public required int PurchaseDaysLastHorizon { get; init; }
    public required double RecencyOverMeanGap { get; init; }

    public required string PostalCode { get; init; }
    public required string PostalRegion { get; init; }
    public required string Device { get; init; }
    public required string Channel { get; init; }
    public required string Newsletter { get; init; }

    /// <summary>
    /// The customers file's own churn label as of <see cref="AsOf"/>: its churned flag, or true with a churn date on or
    /// before that day; null when it gives none. No model reads it: the lifecycle of a churn table's customers does.
    /// </summary>
    public bool? GivenChurn { get; init; }

    /// <summary>The schema that names <see cref="NumericAttributes"/> and <see cref="CategoricalAttributes"/>.</summary>
    public required AttributeSchema Attributes { get; init; }

    /// <summary>Numeric extra attributes in <see cref="AttributeSchema.NumericNames"/> order (NaN = missing).</summary>
    public required IReadOnlyList<double> NumericAttributes { get; init; }

    /// <summary>Categorical extra attributes in <see cref="AttributeSchema.CategoricalNames"/> order (empty = missing).</summary>
    public required IReadOnlyList<string> CategoricalAttributes { get; init; }

    /// <summary>The value of a numeric column of <see cref="FeatureCatalog.For"/>, by its <see cref="FeatureColumns"/> name.</summary>
    public double GetNumeric(string column) => column switch
    {
        FeatureColumns.IsProspect => IsProspect ? 1 : 0,
        FeatureColumns.RecencyDays => RecencyDays,
        FeatureColumns.Frequency => Frequency,
        FeatureColumns.TenureDays => TenureDays,
        FeatureColumns.Monetary => Monetary,
        FeatureColumns.FirstTicket => FirstTicket,
        FeatureColumns.TotalSpend => TotalSpend,
        FeatureColumns.PurchaseDays30 => PurchaseDays30,
        FeatureColumns.PurchaseDays90 => PurchaseDays90,
        FeatureColumns.PurchaseDays365 => PurchaseDays365,
        FeatureColumns.MeanDaysBetweenPurchases => MeanDaysBetweenPurchases,
        FeatureColumns.StdDaysBetweenPurchases => StdDaysBetweenPurchases,
        FeatureColumns.SpendTrend90 => SpendTrend90,
        FeatureColumns.DaysSinceSignup => DaysSinceSignup,
        FeatureColumns.Spend365 => Spend365,
        FeatureColumns.SpendLastHorizon => SpendLastHorizon,
        FeatureColumns.PurchaseDaysLastHorizon => PurchaseDaysLastHorizon,
        FeatureColumns.RecencyOverMeanGap => RecencyOverMeanGap,
        _ when column.StartsWith(FeatureColumns.AttributePrefix, StringComparison.Ordinal)
            && Attributes.TryGetNumericIndex(column[FeatureColumns.AttributePrefix.Length..], out var i) => NumericAttributes[i],
        _ => throw new ArgumentException($"'{column}' is not a numeric feature column.", nameof(column)),
    };

    /// <summary>
    /// A reader for one numeric column, resolved once: what <see cref="GetNumeric"/> returns for that
    /// column, without matching the name on every call. An extra attribute's slot is looked up in the row's own
    /// <see cref="Attributes"/> on each call; unknown names go through <see cref="GetNumeric"/>.
    /// </summary>
    internal static Func<FeatureRow, double> NumericReader(string column) => column switch
    {
        FeatureColumns.IsProspect => static r => r.IsProspect ? 1 : 0,
        FeatureColumns.RecencyDays => static r => r.RecencyDays,
        FeatureColumns.Frequency => static r => r.Frequency,
        FeatureColumns.TenureDays => static r => r.TenureDays,
        FeatureColumns.Monetary => static r => r.Monetary,
        FeatureColumns.FirstTicket => static r => r.FirstTicket,
        FeatureColumns.TotalSpend => static r => r.TotalSpend,
        FeatureColumns.PurchaseDays30 => static r => r.PurchaseDays30,
        FeatureColumns.PurchaseDays90 => static r => r.PurchaseDays90,
        FeatureColumns.PurchaseDays365 => static r => r.PurchaseDays365,
        FeatureColumns.MeanDaysBetweenPurchases => static r => r.MeanDaysBetweenPurchases,
        FeatureColumns.StdDaysBetweenPurchases => static r => r.StdDaysBetweenPurchases,
        FeatureColumns.SpendTrend90 => static r => r.SpendTrend90,
        FeatureColumns.DaysSinceSignup => static r => r.DaysSinceSignup,
        FeatureColumns.Spend365 => static r => r.Spend365,
        FeatureColumns.SpendLastHorizon => static r => r.SpendLastHorizon,
        FeatureColumns.PurchaseDaysLastHorizon => static r => r.PurchaseDaysLastHorizon,
        FeatureColumns.RecencyOverMeanGap => static r => r.RecencyOverMeanGap,
        _ when column.StartsWith(FeatureColumns.AttributePrefix, StringComparison.Ordinal) => NumericAttributeReader(column),
        _ => r => r.GetNumeric(column),
    };

    /// <summary>
    /// An extra attribute's reader: its name is cut from the column once, not on every call (the drift binner and the
    /// vectorizer read each attribute of every request); the slot still comes from the row's own schema.
    /// </summary>
    static Func<FeatureRow, double> NumericAttributeReader(string column)
    {
        var name = column[FeatureColumns.AttributePrefix.Length..];
        return r => r.Attributes.TryGetNumericIndex(name, out var i) ? r.NumericAttributes[i] : r.GetNumeric(column);
    }

    static Func<FeatureRow, string> CategoricalAttributeReader(string column)
    {
        var name = column[FeatureColumns.AttributePrefix.Length..];
        return r => r.Attributes.TryGetCategoricalIndex(name, out var i) ? r.CategoricalAttributes[i] : r.GetCategorical(column);
    }

    /// <summary>As <see cref="NumericReader"/>, for a categorical column and <see cref="GetCategorical"/>.</summary>
    internal static Func<FeatureRow, string> CategoricalReader(string column) => column switch
    {
        FeatureColumns.PostalCode => static r => r.PostalCode,
        FeatureColumns.PostalRegion => static r => r.PostalRegion,
        FeatureColumns.Device => static r => r.Device,
        FeatureColumns.Channel => static r => r.Channel,
        FeatureColumns.Newsletter => static r => r.Newsletter,
        _ when column.StartsWith(FeatureColumns.AttributePrefix, StringComparison.Ordinal) => CategoricalAttributeReader(column),
        _ => r => r.GetCategorical(column),
    };

    /// <summary>The value of a categorical column of <see cref="FeatureCatalog.For"/>, by its <see cref="FeatureColumns"/> name.</summary>
    public string GetCategorical(string column) => column switch
    {
        FeatureColumns.PostalCode => PostalCode,
        FeatureColumns.PostalRegion => PostalRegion,
        FeatureColumns.Device => Device,
        FeatureColumns.Channel => Channel,
        FeatureColumns.Newsletter => Newsletter,
        _ when column.StartsWith(FeatureColumns.AttributePrefix, StringComparison.Ordinal)
            && Attributes.TryGetCategoricalIndex(column[FeatureColumns.AttributePrefix.Length..], out var i) => CategoricalAttributes[i],
        _ => throw new ArgumentException($"'{column}' is not a categorical feature column.", nameof(column)),
    };

    /// <summary>
    /// The same history as the BTYD models see it: x = <see cref="Frequency"/>, tₓ = first to last
    /// purchase day, T = first purchase day to the cutoff, z̄ = <see cref="Monetary"/>, in
    /// <paramref name="unit"/>. Null for a prospect, which has no first purchase.
    /// </summary>
    public RepeatSummary? ToRepeatSummary(TimeUnit unit)
    {
        if (IsProspect)
            return null;
        var days = unit.Days();
        return new RepeatSummary(Frequency, (TenureDays - RecencyDays) / days, TenureDays / days, Monetary);
    }
}
