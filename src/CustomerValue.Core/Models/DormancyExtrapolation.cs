using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Core.Models;

/// <summary>
/// Trees learn how customers last seen up to some number of days before their cutoff go on to buy, and no further: the
/// final models are fitted on the latest snapshot with labels, a horizon before the data ends, so at serving the longest
/// lapsed customers have been away a horizon longer than any the trees saw, and a tree answers for them what it answers at
/// the edge it learned. BTYD models how a customer's chance of being still there falls with time away, at any length; past
/// the edge the trees' value is carried on by BTYD's expected purchases there relative to at the edge.
/// </summary>
/// <remarks>
/// On CDNOW (features as of 1997-07-02, labels to 1997-12-31, scored as of 1997-12-31): the 15,025 customers away 270 days
/// or more, past the trees' 182, were valued at 1.79 × what they spent in the next 182 days while every other recency band
/// was at 0.87 to 0.93 ×.
/// </remarks>
public static class DormancyExtrapolation
{
    /// <summary>The share of training customers (with a purchase) whose days since the last purchase the edge covers.</summary>
    public const double EdgeQuantile = 0.99;

    /// <summary>
    /// The days since the last purchase up to which <paramref name="rows"/> (a fit's training rows) show the trees how
    /// customers behave: the <see cref="EdgeQuantile"/> quantile among customers with a purchase; null without any.
    /// </summary>
    public static int? EdgeOf(IEnumerable<FeatureRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var recencies = rows.Where(r => !r.IsProspect).Select(r => r.RecencyDays).ToArray();
        if (recencies.Length == 0)
            return null;
        Array.Sort(recencies);
        return recencies[(int)Math.Min(recencies.Length - 1, Math.Floor(EdgeQuantile * recencies.Length))];
    }

    /// <summary>
    /// What the trees' prediction for <paramref name="row"/> is multiplied by: 1 within <paramref name="edgeDays"/> (or
    /// without a BTYD model or an edge), else BTYD's expected purchases over the horizon at the row's days away relative to
    /// at the edge, at most 1. <paramref name="expectedPurchases"/>: the row's own, when the caller has worked them out.
    /// </summary>
    public static double Factor(BtydFeatureModel? btyd, FeatureRow row, int? edgeDays, double horizonDays, double? expectedPurchases = null) =>
        Fall(btyd, row, edgeDays, horizonDays, static purchases => purchases, expectedPurchases);

    /// <summary>
    /// The churn trees' probability for <paramref name="row"/> carried past <paramref name="edgeDays"/> as
    /// <see cref="Factor"/> carries a value: the chance of buying in the churn window, 1 − churn, times BTYD's chance of
    /// buying in it (1 − <see cref="ChurnBlend.NoPurchase(BtydFeatureModel?, FeatureRow, int)"/>) at the row's days away
    /// relative to at the edge, at most 1. The trees' probability within the edge, without a BTYD model or an edge.
    /// </summary>
    public static double Churn(double trees, BtydFeatureModel? btyd, FeatureRow row, int? edgeDays, int churnWindowDays) =>
        Fall(btyd, row, edgeDays, churnWindowDays, static purchases => -double.ExpM1(-purchases)) is var fall && fall < 1
            ? 1 - ((1 - trees) * fall)
            : trees;

    /// <summary>
    /// <paramref name="of"/> BTYD's expected purchases over <paramref name="days"/> at the row's days away over the same at
    /// the edge, in [0, 1]; 1 within the edge, without a usable BTYD model or an edge, or where either is not a number.
    /// </summary>
    static double Fall(BtydFeatureModel? btyd, FeatureRow row, int? edgeDays, double days, Func<double, double> of, double? expectedPurchases = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (btyd is not { IsUsable: true } || edgeDays is not { } edge || row.IsProspect || row.RecencyDays <= edge)
            return 1;
        var away = of(expectedPurchases ?? btyd.ExpectedPurchases(row, days));
        var atEdge = of(btyd.ExpectedPurchasesLastSeen(row, days, edge));
        return double.IsFinite(away) && double.IsFinite(atEdge) && atEdge > 0 ? Math.Clamp(away / atEdge, 0, 1) : 1;
    }

    /// <summary>
    /// The trees' contributions (on the scale of the log of the value) with the fall past the edge, ln <paramref name="factor"/>,
    /// added to the days since the last purchase, largest magnitude first as <see cref="Contributions.Sum"/> orders them:
    /// the time away is what lowered the value. <paramref name="contributions"/> as they are when the factor is 1.
    /// </summary>
    public static IReadOnlyList<FeatureContribution> Explained(IReadOnlyList<FeatureContribution> contributions, double factor)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        if (!(factor < 1))
            return contributions;
        var fall = Math.Log(Math.Max(factor, 1e-12));
        var result = contributions.ToList();
        var index = result.FindIndex(c => c.Feature == FeatureColumns.RecencyDays);
        if (index >= 0)
            result[index] = result[index] with { Contribution = result[index].Contribution + fall };
        else
            result.Add(new FeatureContribution(FeatureColumns.RecencyDays, fall));
        result.Sort(Contributions.LargestFirst);
        return result;
    }
}
