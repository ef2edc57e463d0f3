namespace CustomerValue.Modeling.Synthetic;

/// <summary>
/// The population the simulator draws customers from. All rates are per day. Every customer gets
/// individual rates: a base rate × a gamma-distributed factor with mean 1 (the heterogeneity of the
/// Pareto/NBD and Gamma-Gamma models) × the factors of their attributes × a shared "engagement"
/// factor that ties purchase rate, lifetime, spend and the first ticket together.
/// </summary>
public sealed record SimulationParameters
{
    public static SimulationParameters Default { get; } = new();

    /// <summary>λ₀: repeat purchases per day while alive, before individual factors.</summary>
    public double BasePurchaseRate { get; init; } = 0.022;

    /// <summary>Gamma shape r of the purchase-rate factor (smaller = more unequal customers).</summary>
    public double PurchaseRateShape { get; init; } = 1.5;

    /// <summary>μ₀: rate per day of the exponential lifetime that starts at the first purchase.</summary>
    public double BaseDropoutRate { get; init; } = 1.0 / 365.0;

    /// <summary>Gamma shape s of the dropout-rate factor.</summary>
    public double DropoutShape { get; init; } = 2.0;

    /// <summary>Mean amount of an order, before individual factors, in currency units.</summary>
    public double BaseMeanSpend { get; init; } = 55.0;

    /// <summary>Gamma shape of the customer's mean-spend factor across customers.</summary>
    public double MeanSpendShape { get; init; } = 5.0;

    /// <summary>Gamma shape of one order's amount around the customer's mean spend.</summary>
    public double OrderSpendShape { get; init; } = 3.0;

    /// <summary>
    /// Loadings of the standard normal engagement score on log purchase rate, log dropout rate
    /// (negative: engaged customers stay longer) and log mean spend. Because the first ticket is a
    /// draw around the mean spend, it carries information about all three.
    /// </summary>
    public double EngagementOnPurchaseRate { get; init; } = 0.35;
    public double EngagementOnDropout { get; init; } = -0.35;
    public double EngagementOnSpend { get; init; } = 0.30;

    /// <summary>Probability that a signed-up customer ever buys, before the channel factor.</summary>
    public double BaseConversionProbability { get; init; } = 0.90;

    /// <summary>κ: rate per day of the exponential delay from signup to the first purchase.</summary>
    public double ConversionRate { get; init; } = 0.5;

    /// <summary>Probability that an order is followed by a second order on the same day.</summary>
    public double SameDayOrderProbability { get; init; } = 0.05;

    /// <summary>Probability that an order is (partly) returned.</summary>
    public double ReturnProbability { get; init; } = 0.04;

    /// <summary>A return happens 1…<see cref="ReturnWindowDays"/> days after its order, uniformly.</summary>
    public int ReturnWindowDays { get; init; } = 30;

    /// <summary>An order has 1 + Poisson(this) items; a return gives back 1…all of them, uniformly.</summary>
    public double MeanExtraItems { get; init; } = 0.8;

    /// <summary>Share of orders placed in a store rather than online (store orders have no device).</summary>
    public double StoreOrderShare { get; init; } = 0.10;

    /// <summary>Probability that an online order uses the customer's own device rather than another.</summary>
    public double OwnDeviceShare { get; init; } = 0.85;

    /// <summary>Postal regions: the value is the two-digit prefix of a five-digit postal code.</summary>
    public IReadOnlyList<CovariateLevel> Regions { get; init; } =
    [
        new("10", 0.20, PurchaseRate: 1.25, Dropout: 0.90, Spend: 1.15),
        new("20", 0.15),
        new("30", 0.12, PurchaseRate: 0.90, Dropout: 1.10, Spend: 0.95),
        new("40", 0.12, PurchaseRate: 1.10, Dropout: 0.95, Spend: 1.05),
        new("50", 0.10, PurchaseRate: 0.85, Dropout: 1.20, Spend: 0.90),
        new("60", 0.10, Spend: 1.10),
        new("70", 0.08, PurchaseRate: 0.80, Dropout: 1.30, Spend: 0.85),
        new("80", 0.08, PurchaseRate: 1.15, Dropout: 0.85),
        new("90", 0.05, PurchaseRate: 0.70, Dropout: 1.40, Spend: 0.80),
    ];

    public IReadOnlyList<CovariateLevel> Devices { get; init; } =
    [
        new("ios", 0.40, PurchaseRate: 1.15, Dropout: 0.90, Spend: 1.20),
        new("android", 0.35, Dropout: 1.05, Spend: 0.90),
        new("web", 0.25, PurchaseRate: 0.90),
    ];

    /// <summary>Acquisition channels: the strongest attribute, on every rate and on conversion.</summary>
    public IReadOnlyList<CovariateLevel> Channels { get; init; } =
    [
        new("organic", 0.30, PurchaseRate: 1.10, Dropout: 0.85, Conversion: 0.95),
        new("paid_search", 0.20, Dropout: 1.10, Conversion: 0.85),
        new("social", 0.15, PurchaseRate: 0.65, Dropout: 1.50, Spend: 0.85, Conversion: 0.65),
        new("email", 0.10, PurchaseRate: 1.20, Dropout: 0.90, Spend: 1.05, Conversion: 0.90),
        new("referral", 0.15, PurchaseRate: 1.40, Dropout: 0.70, Spend: 1.10, Conversion: 1.05),
        new("affiliate", 0.10, PurchaseRate: 0.80, Dropout: 1.30, Spend: 0.90, Conversion: 0.75),
    ];

    /// <summary>The extra categorical attribute <c>age_band</c>.</summary>
    public IReadOnlyList<CovariateLevel> AgeBands { get; init; } =
    [
        new("18-24", 0.14, PurchaseRate: 1.10, Dropout: 1.25, Spend: 0.75),
        new("25-34", 0.24, PurchaseRate: 1.10, Dropout: 1.05, Spend: 0.95),
        new("35-44", 0.22, Spend: 1.10),
        new("45-54", 0.18, PurchaseRate: 0.95, Dropout: 0.90, Spend: 1.20),
        new("55-64", 0.13, PurchaseRate: 0.90, Dropout: 0.85, Spend: 1.10),
        new("65+", 0.09, PurchaseRate: 0.80, Dropout: 0.85, Spend: 0.95),
    ];

    /// <summary>Newsletter subscribers: the weight is the share subscribed, the factors their effect.</summary>
    public CovariateLevel Newsletter { get; init; } = new("true", 0.40, PurchaseRate: 1.15, Dropout: 0.80);

    /// <summary>Share of customers with loyalty points at signup (carried over from an earlier programme).</summary>
    public double LoyaltyMemberShare { get; init; } = 0.60;

    /// <summary>Mean points of a member at signup, before the engagement factor.</summary>
    public double MeanLoyaltyPoints { get; init; } = 250.0;

    /// <summary>Loading of engagement on log loyalty points: the numeric extra attribute carries a weak signal.</summary>
    public double EngagementOnLoyaltyPoints { get; init; } = 0.50;

    /// <summary>
    /// Expected share of an order's amount that a return gives back, given that it is returned:
    /// E[j/q] with q = 1 + Poisson(m) items and j uniform on 1…q, which is ½ + (1 − e^(−m)) / (2m).
    /// </summary>
    public double ExpectedReturnedShare =>
        MeanExtraItems <= 0 ? 1.0 : 0.5 + (-TruthCalculator.ExpM1(-MeanExtraItems)) / (2.0 * MeanExtraItems);
}
