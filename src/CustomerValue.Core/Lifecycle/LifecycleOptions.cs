using System.Globalization;

namespace CustomerValue.Core.Lifecycle;

/// <summary>
/// Thresholds and spend ceilings of the lifecycle rules, bound from the <c>Lifecycle</c> section of
/// appsettings (<c>AddOptions&lt;LifecycleOptions&gt;().BindConfiguration(LifecycleOptions.SectionName)</c>).
/// docs/lifecycle.md explains every setting.
/// </summary>
public sealed class LifecycleOptions
{
    public const string SectionName = "Lifecycle";

    /// <summary>Tiers used when <see cref="ValueTiers"/> is not configured.</summary>
    public static IReadOnlyList<ValueTier> DefaultValueTiers { get; } =
    [
        new() { Name = "Bronze", MinValue = 0 },
        new() { Name = "Silver", MinValue = 100 },
        new() { Name = "Gold", MinValue = 500 },
        new() { Name = "Platinum", MinValue = 2000 },
    ];

    /// <summary>Gross margin as a share of net spend: what a unit of spend earns, in (0, 1].</summary>
    public double Margin { get; set; } = 0.30;

    /// <summary>Acquisition cost per customer by channel name (case-insensitive).</summary>
    public Dictionary<string, double> AcquisitionCostByChannel { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Acquisition cost for a customer whose channel is unknown or not listed.</summary>
    public double DefaultAcquisitionCost { get; set; }

    /// <summary>A customer with at most this many orders…</summary>
    public int AcquisitionMaxOrders { get; set; } = 1;

    /// <summary>…whose first order is at most this many days old is still being acquired.</summary>
    public int AcquisitionMaxDays { get; set; } = 90;

    /// <summary>No order for more than this many days means lapsed (recovery).</summary>
    public int LapsedAfterDays { get; set; } = 180;

    /// <summary>A probability alive below this means lapsed (recovery).</summary>
    public double LapsedBelowProbabilityAlive { get; set; } = 0.30;

    /// <summary>A churn probability at or above this means recovery.</summary>
    public double RecoveryChurnProbability { get; set; } = 0.70;

    /// <summary>A churn probability at or above this (but below the recovery one) means retention.</summary>
    public double RetentionChurnProbability { get; set; } = 0.40;

    /// <summary>No order for at least this multiple of the customer's usual gap means overdue (retention).</summary>
    public double OverdueGapMultiple { get; set; } = 1.5;

    /// <summary>A spend trend at or below this (e.g. −0.25 = spending a quarter less) means retention.</summary>
    public double DecliningSpendTrend { get; set; } = -0.25;

    /// <summary>A spend trend at or above this means growing: upsell.</summary>
    public double GrowingSpendTrend { get; set; } = 0.10;

    /// <summary>Relative spend increase a successful upsell or cross-sell is expected to bring.</summary>
    public double ExpectedUplift { get; set; } = 0.10;

    /// <summary>Share of the incremental margin a monetization action may spend, in [0, 1].</summary>
    public double MonetizationSpendShare { get; set; } = 0.50;

    /// <summary>Ascension is offered from this share of the next tier's minimum value, in (0, 1].</summary>
    public double AscensionProximity { get; set; } = 0.80;

    /// <summary>
    /// Value tiers for ascension, any order. Null (not configured) means <see cref="DefaultValueTiers"/>;
    /// a configured list replaces the defaults rather than adding to them.
    /// </summary>
    public List<ValueTier>? ValueTiers { get; set; }

    /// <summary>Tenure in days from which a loyalty reward is offered.</summary>
    public int LoyaltyMinTenureDays { get; set; } = 365;

    /// <summary>Orders from which a regular buyer is offered a subscription…</summary>
    public int SubscriptionMinOrders { get; set; } = 4;

    /// <summary>…when their mean gap between orders is at most this many days.</summary>
    public double SubscriptionMaxGapDays { get; set; } = 45;

    /// <summary>A copy that later edits to this instance (or its collections) cannot reach.</summary>
    internal LifecycleOptions Snapshot()
    {
        var copy = (LifecycleOptions)MemberwiseClone();
        copy.AcquisitionCostByChannel = new Dictionary<string, double>(AcquisitionCostByChannel, StringComparer.OrdinalIgnoreCase);
        copy.ValueTiers = EffectiveValueTiers().Select(t => new ValueTier { Name = t.Name, MinValue = t.MinValue }).ToList();
        return copy;
    }

    /// <summary>The tiers in force, lowest first.</summary>
    public IReadOnlyList<ValueTier> EffectiveValueTiers() =>
        (ValueTiers ?? (IEnumerable<ValueTier>)DefaultValueTiers).OrderBy(t => t.MinValue).ToArray();

    /// <summary>Every problem with the settings, in words naming the setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();

        if (!(Margin > 0 && Margin <= 1)) problems.Add($"Margin must be in (0, 1], was {Show(Margin)}.");
        NonNegativeCost(nameof(DefaultAcquisitionCost), DefaultAcquisitionCost, problems);
        if (AcquisitionCostByChannel is null)
        {
            problems.Add("AcquisitionCostByChannel must not be null.");
        }
        else
        {
            foreach (var (channel, cost) in AcquisitionCostByChannel)
            {
                if (string.IsNullOrWhiteSpace(channel)) problems.Add("AcquisitionCostByChannel has an empty channel name.");
                NonNegativeCost($"AcquisitionCostByChannel[{channel}]", cost, problems);
            }
            var clashes = AcquisitionCostByChannel.Keys
                .GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key);
            foreach (var channel in clashes)
                problems.Add($"AcquisitionCostByChannel lists channel '{channel}' more than once (names are case-insensitive).");
        }

        if (AcquisitionMaxOrders < 1) problems.Add($"AcquisitionMaxOrders must be at least 1, was {AcquisitionMaxOrders}.");
        if (AcquisitionMaxDays < 0) problems.Add($"AcquisitionMaxDays must be at least 0, was {AcquisitionMaxDays}.");
        if (LapsedAfterDays < 1) problems.Add($"LapsedAfterDays must be at least 1, was {LapsedAfterDays}.");

        Probability(nameof(LapsedBelowProbabilityAlive), LapsedBelowProbabilityAlive, problems);
        Probability(nameof(RecoveryChurnProbability), RecoveryChurnProbability, problems);
        Probability(nameof(RetentionChurnProbability), RetentionChurnProbability, problems);
        if (RetentionChurnProbability > RecoveryChurnProbability)
            problems.Add($"RetentionChurnProbability ({Show(RetentionChurnProbability)}) must not exceed RecoveryChurnProbability ({Show(RecoveryChurnProbability)}).");

        if (!(OverdueGapMultiple >= 1 && double.IsFinite(OverdueGapMultiple)))
            problems.Add($"OverdueGapMultiple must be a finite number of at least 1, was {Show(OverdueGapMultiple)}.");
        if (!(DecliningSpendTrend >= -1 && DecliningSpendTrend <= 0))
            problems.Add($"DecliningSpendTrend must be in [-1, 0], was {Show(DecliningSpendTrend)}.");
        if (!(GrowingSpendTrend >= 0 && double.IsFinite(GrowingSpendTrend)))
            problems.Add($"GrowingSpendTrend must be a finite number of at least 0, was {Show(GrowingSpendTrend)}.");
        if (!(ExpectedUplift >= 0 && double.IsFinite(ExpectedUplift)))
            problems.Add($"ExpectedUplift must be a finite number of at least 0, was {Show(ExpectedUplift)}.");
        Probability(nameof(MonetizationSpendShare), MonetizationSpendShare, problems);
        if (!(AscensionProximity > 0 && AscensionProximity <= 1))
            problems.Add($"AscensionProximity must be in (0, 1], was {Show(AscensionProximity)}.");

        if (ValueTiers is not null) ValidateTiers(ValueTiers, problems);

        if (LoyaltyMinTenureDays < 0) problems.Add($"LoyaltyMinTenureDays must be at least 0, was {LoyaltyMinTenureDays}.");
        if (SubscriptionMinOrders < 2) problems.Add($"SubscriptionMinOrders must be at least 2, was {SubscriptionMinOrders}.");
        if (!(SubscriptionMaxGapDays > 0 && double.IsFinite(SubscriptionMaxGapDays)))
            problems.Add($"SubscriptionMaxGapDays must be a finite number above 0, was {Show(SubscriptionMaxGapDays)}.");

        return problems;
    }

    static void ValidateTiers(List<ValueTier> tiers, List<string> problems)
    {
        if (tiers.Count == 0) problems.Add("ValueTiers, when given, must list at least one tier.");
        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i];
            if (tier is null) { problems.Add($"ValueTiers[{i}] is empty."); continue; }
            if (string.IsNullOrWhiteSpace(tier.Name)) problems.Add($"ValueTiers[{i}] has no Name.");
            if (!(tier.MinValue >= 0 && double.IsFinite(tier.MinValue)))
                problems.Add($"ValueTiers[{i}] ({tier.Name}) MinValue must be a finite number of at least 0, was {Show(tier.MinValue)}.");
        }
        foreach (var name in tiers.Where(t => t is not null && !string.IsNullOrWhiteSpace(t.Name))
                     .GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key))
            problems.Add($"ValueTiers names tier '{name}' more than once.");
        foreach (var value in tiers.Where(t => t is not null)
                     .GroupBy(t => t.MinValue).Where(g => g.Count() > 1).Select(g => g.Key))
            problems.Add($"ValueTiers has more than one tier starting at {Show(value)}.");
    }

    static void Probability(string name, double value, List<string> problems)
    {
        if (!(value >= 0 && value <= 1)) problems.Add($"{name} must be in [0, 1], was {Show(value)}.");
    }

    static void NonNegativeCost(string name, double value, List<string> problems)
    {
        if (!(value >= 0 && double.IsFinite(value))) problems.Add($"{name} must be a finite cost of at least 0, was {Show(value)}.");
    }

    static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
