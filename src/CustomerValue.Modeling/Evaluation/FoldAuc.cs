using System.Globalization;

namespace CustomerValue.Modeling.Evaluation;

/// <summary>
/// The churn AUC of each evaluation fold as a card's reader sees it. A fold whose held-out customers all share one
/// churn label has no AUC (NaN): on 300 B2B accounts three of five folds did, and the run printed
/// "NaN, NaN, NaN, 0.611, 1.000 (mean NaN …)".
/// </summary>
public static class FoldAuc
{
    /// <summary>"0.831, n/a (one class), 0.842": three decimals, a fold without an AUC named as such.</summary>
    public static string List(IReadOnlyList<double> folds)
    {
        ArgumentNullException.ThrowIfNull(folds);
        return string.Join(", ", folds.Select(a => double.IsFinite(a) ? a.ToString("0.000", CultureInfo.InvariantCulture) : "n/a (one class)"));
    }

    /// <summary>The mean over the folds that have an AUC, and how many those are; null when none has one.</summary>
    public static (double Mean, int Folds)? MeanOfDefined(IReadOnlyList<double> folds)
    {
        ArgumentNullException.ThrowIfNull(folds);
        var defined = folds.Where(double.IsFinite).ToList();
        return defined.Count == 0 ? null : (defined.Average(), defined.Count);
    }

    /// <summary>The list with its mean: "0.831, 0.843 (mean 0.8370)", or "… (mean 0.6110 over the 2 folds with both classes)".</summary>
    public static string Describe(IReadOnlyList<double> folds)
    {
        var mean = MeanOfDefined(folds);
        var inv = CultureInfo.InvariantCulture;
        return List(folds) + (mean is not { } m ? " (no fold has both classes)"
            : m.Folds == folds.Count ? string.Create(inv, $" (mean {m.Mean:0.0000}")
            : string.Create(inv, $" (mean {m.Mean:0.0000} over the {m.Folds} folds with both classes"));
    }
}
