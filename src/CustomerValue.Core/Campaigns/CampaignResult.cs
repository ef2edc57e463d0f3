namespace CustomerValue.Core.Campaigns;

/// <summary>
/// What a campaign changed, measured on the orders placed in <see cref="From"/>..<see cref="To"/> (both included):
/// contacted customers against the held-out control group, overall and by value-at-stake decile.
/// </summary>
/// <param name="DataEnd">The last order date in the transactions read; before <see cref="To"/> the window is not over.</param>
/// <param name="Interval">How the intervals were computed, in words.</param>
/// <param name="CostOfContacts">Contacted customers × cost per contact; null when the campaign has no cost.</param>
/// <param name="IncrementalRevenue">Incremental revenue per contacted customer × contacted customers.</param>
/// <param name="ReturnOnSpend">(Incremental revenue − cost) / cost; null without a cost.</param>
public sealed record CampaignResult(
    string Campaign,
    DateOnly From,
    DateOnly To,
    DateOnly? DataEnd,
    string Interval,
    GroupComparison Overall,
    IReadOnlyList<GroupComparison> ByDecile,
    double? CostOfContacts,
    Estimate IncrementalRevenue,
    Estimate? ReturnOnSpend);

/// <summary>Treatment against control, for the whole campaign (<see cref="Decile"/> null) or one decile.</summary>
/// <param name="ReactivationUplift">Treatment's reactivation rate − control's.</param>
/// <param name="IncrementalRevenuePerContact">Treatment's spend per customer − control's.</param>
/// <param name="Verdict">In words: too small to tell, no effect shown, or which way the effect goes.</param>
public sealed record GroupComparison(
    int? Decile,
    GroupOutcome Treatment,
    GroupOutcome Control,
    Estimate ReactivationUplift,
    Estimate IncrementalRevenuePerContact,
    bool TooSmallToTell,
    string Verdict);

/// <summary>How one group did in the window: how many ordered at all, and what they spent per customer (net of returns).</summary>
public sealed record GroupOutcome(long Customers, long Reactivated, double ReactivationRate, double SpendPerCustomer);

/// <summary>A figure with its 95 % interval; the bounds are null when a group has fewer than two customers.</summary>
public sealed record Estimate(double Value, double? Low, double? High)
{
    public bool CoversZero => Low is not { } low || High is not { } high || (low <= 0 && high >= 0);
}
