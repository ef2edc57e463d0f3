namespace CustomerValue.Core.Features;

/// <summary>
/// Every feature and label column name, in one place. Units and meanings are in
/// <see cref="FeatureCatalog"/>; docs/features.md explains the conventions.
/// </summary>
public static class FeatureColumns
{
    public const string CustomerId = "customer_id";

    public const string IsProspect = "is_prospect";
    public const string RecencyDays = "recency_days";
    public const string Frequency = "frequency";
    public const string TenureDays = "tenure_days";
    public const string Monetary = "monetary";
    public const string FirstTicket = "first_ticket";
    public const string TotalSpend = "total_spend";
    public const string PurchaseDays30 = "purchase_days_30";
    public const string PurchaseDays90 = "purchase_days_90";
    public const string PurchaseDays365 = "purchase_days_365";
    public const string MeanDaysBetweenPurchases = "mean_days_between_purchases";
    public const string StdDaysBetweenPurchases = "std_days_between_purchases";
    public const string SpendTrend90 = "spend_trend_90";
    public const string DaysSinceSignup = "days_since_signup";
    public const string Spend365 = "spend_365";
    public const string SpendLastHorizon = "spend_last_horizon";
    public const string PurchaseDaysLastHorizon = "purchase_days_last_horizon";
    public const string RecencyOverMeanGap = "recency_over_mean_gap";

    public const string PostalCode = "postal_code";
    public const string PostalRegion = "postal_region";
    public const string Device = "device";
    public const string Channel = "channel";
    public const string Newsletter = "newsletter";

    /// <summary>Extra profile attributes are columns named with this prefix and the attribute's own name.</summary>
    public const string AttributePrefix = "attr_";

    public const string FutureSpend = "future_spend";
    public const string FuturePurchaseDays = "future_purchase_days";
    public const string Churned = "churned";

    public static string Attribute(string attributeName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(attributeName);
        return AttributePrefix + attributeName;
    }
}
