using MathNet.Numerics.Distributions;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// Retention by acquisition channel (or any grouping of cohorts): one model per group, one pooled model over all
/// cohorts, and the likelihood-ratio test of "the groups share one set of parameters". The grouping acts as a
/// categorical covariate on every parameter; with G groups and k parameters the test has k·(G − 1) degrees of freedom.
/// </summary>
/// <param name="Pooled">One model for every cohort.</param>
/// <param name="ByGroup">One model per group, in the order the groups first appear.</param>
/// <param name="LikelihoodRatio">2·(Σ LL per group − LL pooled).</param>
/// <param name="DegreesOfFreedom">k·(G − 1).</param>
/// <param name="PValue">P(χ²(df) ≥ ratio): small when the groups retain differently.</param>
public sealed record GroupedRetention(
    RetentionModel Pooled,
    IReadOnlyList<KeyValuePair<string, RetentionModel>> ByGroup,
    double LikelihoodRatio,
    int DegreesOfFreedom,
    double PValue)
{
    public static RetentionModel Fit(RetentionModelKind kind, IReadOnlyList<SurvivorCounts> cohorts, BtydFitOptions? options = null) =>
        kind switch
        {
            RetentionModelKind.Sbg => ShiftedBetaGeometric.Fit(cohorts, options),
            RetentionModelKind.Bdw => BetaDiscreteWeibull.Fit(cohorts, options),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown retention model."),
        };

    /// <summary>Fits per <see cref="SurvivorCounts.Group"/> and pooled; every cohort needs a group.</summary>
    public static GroupedRetention FitByGroup(RetentionModelKind kind, IReadOnlyList<SurvivorCounts> cohorts, BtydFitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cohorts);
        var ungrouped = cohorts.FirstOrDefault(c => c.Group is null);
        if (ungrouped is not null)
        {
            throw new ArgumentException($"Cohort '{ungrouped.Cohort}' has no group; give every cohort one to compare groups.", nameof(cohorts));
        }

        var pooled = Fit(kind, cohorts, options);
        var byGroup = cohorts.GroupBy(c => c.Group!)
            .Select(g => new KeyValuePair<string, RetentionModel>(g.Key, Fit(kind, g.ToList(), options)))
            .ToList();
        var ratio = Math.Max(0, 2 * (byGroup.Sum(g => g.Value.LogLikelihood) - pooled.LogLikelihood));
        var df = pooled.Parameters.Count * (byGroup.Count - 1);
        var p = df > 0 ? 1 - ChiSquared.CDF(df, ratio) : double.NaN;
        return new GroupedRetention(pooled, byGroup, ratio, df, p);
    }
}
