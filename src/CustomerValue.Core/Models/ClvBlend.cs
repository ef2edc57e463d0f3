using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;

namespace CustomerValue.Core.Models;

/// <summary>
/// The shipped CLV prediction: the ML model blended, by a weight chosen on validation data, with a partner that ranks
/// differently: BTYD + Gamma-Gamma, or the historic formula (see <see cref="ClvCandidates"/>).
/// </summary>
public static class ClvBlend
{
    /// <summary>The partners the blend weight is searched with, the default first.</summary>
    public static IReadOnlyList<string> Partners { get; } = [ClvCandidates.Btyd, ClvCandidates.Historic];

    /// <summary>Where the partner has no prediction (a prospect, an unusable fit) the ML value stands alone.</summary>
    public static double Apply(double ml, double partner, double mlWeight) =>
        mlWeight >= 1 || !double.IsFinite(partner)
            ? ml
            : (mlWeight * ml) + ((1 - mlWeight) * Math.Max(0, partner));

    /// <summary>The blend, then the validation factor that makes the predictions sum to the actual total.</summary>
    public static double Apply(double ml, double partner, double mlWeight, double scale) =>
        scale * Apply(ml, partner, mlWeight);

    /// <summary>
    /// A partner's value for a row: BTYD's expected spend over the horizon (NaN where BTYD has none), or a rule's value
    /// (NaN for a prospect, who has no purchases for a rule to read).
    /// </summary>
    public static double PartnerValue(string partner, FeatureRow row, int horizonDays, BtydFeatureModel? btyd)
    {
        ArgumentNullException.ThrowIfNull(row);
        return partner == ClvCandidates.Btyd ? btyd?.ExpectedSpend(row, horizonDays) ?? double.NaN
            : row.IsProspect ? double.NaN
            : ClvCandidates.RuleValue(partner, row, horizonDays, btyd);
    }
}
