namespace CustomerValue.Core.Features;

/// <summary>How features and labels are cut; the defaults are what docs/features.md describes.</summary>
public sealed record FeatureOptions
{
    public static FeatureOptions Default { get; } = new();

    /// <summary>Labels cover the days (cutoff, cutoff + HorizonDays].</summary>
    public int HorizonDays { get; init; } = 365;

    /// <summary>A customer has churned when they make no purchase in (cutoff, cutoff + this]; null = <see cref="HorizonDays"/>.</summary>
    public int? ChurnWindowDays { get; init; }

    /// <summary>How many leading characters of the postal code make the postal region.</summary>
    public int PostalRegionLength { get; init; } = 2;

    /// <summary>
    /// The extra attributes to emit. Null: <see cref="FeatureBuilder.Build"/> infers them from its
    /// profiles and <see cref="FeatureBuilder.Snapshot"/> emits none, so pass the training schema when scoring.
    /// </summary>
    public AttributeSchema? Attributes { get; init; }

    /// <summary>Also split each label's spend by calendar month of the horizon (<see cref="CustomerLabels.SpendByMonth"/>).</summary>
    public bool LabelsByMonth { get; init; }

    /// <summary>
    /// A churn table's (contract data): a customer who left has their days since signup counted to their churn date, the
    /// tenure they left with, as those who stay have theirs to the as-of date. Counted to the as-of date, a leaver's days
    /// included the time since leaving, and the model learnt that long-standing customers leave.
    /// </summary>
    public bool TenureEndsAtChurn { get; init; }

    /// <summary>
    /// A dated churn table's training snapshot: only the customers still there at the cutoff are in it (a customer whose
    /// churn date is on or before it, or labelled churned without a date, had left or cannot be placed), each described
    /// as of the cutoff and labelled by whether they left within the churn window after it. Training only: scoring
    /// describes every customer of the table.
    /// </summary>
    public bool OnlyCustomersStillThere { get; init; }

    /// <summary>
    /// Without a customers file, a customer's channel, device and postal code are those of their first purchase in the
    /// transactions (<see cref="Data.LoadReport.ProfilesFromOrders"/>), as the bundle was trained; false: the customers
    /// file is the only profile, as for a bundle trained with one.
    /// </summary>
    public bool ProfilesFromOrders { get; init; }

    internal int EffectiveChurnWindowDays => ChurnWindowDays ?? HorizonDays;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(HorizonDays, 1, nameof(HorizonDays));
        ArgumentOutOfRangeException.ThrowIfLessThan(EffectiveChurnWindowDays, 1, nameof(ChurnWindowDays));
        ArgumentOutOfRangeException.ThrowIfLessThan(PostalRegionLength, 1, nameof(PostalRegionLength));
    }
}
