using CustomerValue.Core.Features;

namespace CustomerValue.Core.Models;

/// <summary>
/// Brand-new customers: one purchase day so far, made within the last <see cref="MaximumTenureDays"/>.
/// All that is known of them is their profile and first order, so they are evaluated as their own cohort.
/// </summary>
public static class ColdStartCohort
{
    public const int MaximumTenureDays = 90;

    public const string Description = "customers with exactly one purchase day, made at most 90 days before the cutoff";

    public static bool Contains(FeatureRow row) =>
        !row.IsProspect && row.Frequency == 0 && row.TenureDays <= MaximumTenureDays;
}
