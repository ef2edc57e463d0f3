using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;

namespace CustomerValue.Core.Models;

/// <summary>The shipped churn probability: the trees blended with BTYD's chance of no purchase in the churn window.</summary>
public static class ChurnBlend
{
    /// <summary>
    /// P(no purchase in the window) ≈ exp(−E[purchases in the window]); NaN where BTYD says nothing
    /// (a prospect, no usable model).
    /// </summary>
    public static double NoPurchase(BtydFeatureModel? btyd, FeatureRow row, int churnWindowDays) =>
        btyd is null ? double.NaN : Math.Exp(-btyd.ExpectedPurchases(row, churnWindowDays));

    /// <summary>As above, with the row's P(alive) already worked out (NaN where BTYD has none).</summary>
    public static double NoPurchase(BtydFeatureModel? btyd, FeatureRow row, int churnWindowDays, double alive) =>
        btyd is null ? double.NaN : Math.Exp(-btyd.ExpectedPurchases(row, churnWindowDays, alive));

    /// <summary>Where BTYD has no value the trees stand alone.</summary>
    public static double Apply(double trees, double noPurchase, double treeWeight) =>
        treeWeight >= 1 || !double.IsFinite(noPurchase)
            ? trees
            : (treeWeight * trees) + ((1 - treeWeight) * noPurchase);
}
