namespace CustomerValue.Core.Models.Bundles;

/// <summary>
/// How well predicted customer values match what customers went on to spend. Values that are
/// undefined for the data (a ratio over a zero total, a correlation with a constant) are NaN, never
/// a made-up 0 or 1, so a serializer of these records must allow named floating-point literals.
/// </summary>
/// <param name="Count">Rows evaluated.</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="RSquared">1 − SSres/SStot; NaN when the actuals are all equal.</param>
/// <param name="Gini">Gini of the actuals ordered by prediction (Kaggle's unnormalized form).</param>
/// <param name="PerfectGini">Gini of the actuals ordered by themselves: the best any ordering can do.</param>
/// <param name="NormalizedGini">Gini / PerfectGini: 1 for a perfect ordering, 0 for random.</param>
/// <param name="Spearman">Spearman rank correlation, tied values sharing their average rank.</param>
/// <param name="Deciles">Ten groups by prediction, highest predicted first.</param>
/// <param name="DecileMape">Mean over deciles of |mean predicted − mean actual| / |mean actual|.</param>
/// <param name="DecilesSkippedInMape">1-based deciles left out of DecileMape: empty, or mean actual 0.</param>
/// <param name="SumError">(Σ predicted − Σ actual) / Σ actual: how far off the total forecast is.</param>
public sealed record RegressionMetrics(
    int Count,
    double Mae,
    double Rmse,
    double RSquared,
    double Gini,
    double PerfectGini,
    double NormalizedGini,
    double Spearman,
    IReadOnlyList<DecileRow> Deciles,
    double DecileMape,
    IReadOnlyList<int> DecilesSkippedInMape,
    double SumError);

/// <summary>One tenth of the rows by prediction.</summary>
/// <param name="Decile">1 for the highest predictions, 10 for the lowest.</param>
/// <param name="Count">Rows in the decile (0 only when there are fewer than ten rows).</param>
/// <param name="MeanPredicted">NaN when the decile is empty.</param>
/// <param name="MeanActual">NaN when the decile is empty.</param>
/// <param name="SumPredicted">Sum of the predictions in the decile.</param>
/// <param name="SumActual">Sum of the actuals in the decile.</param>
/// <param name="ShareOfActual">SumActual / total actual; NaN when the total is 0.</param>
public sealed record DecileRow(
    int Decile,
    int Count,
    double MeanPredicted,
    double MeanActual,
    double SumPredicted,
    double SumActual,
    double ShareOfActual);
