namespace CustomerValue.Modeling.Evaluation;

/// <summary>Grades a model by its Gini against the best baseline's Gini.</summary>
/// <remarks>
/// With a positive baseline the margin is relative: A when model ≥ 1.05 × baseline, B when it is
/// above the baseline but short of that, C otherwise.
///
/// A baseline at or below 0 ranks no better than chance, and 5 % of nothing is nothing, so the
/// reference becomes random ordering (Gini 0) and the margin becomes an absolute 0.05 Gini points:
/// A when model ≥ 0.05, B when 0 &lt; model &lt; 0.05, C when model ≤ 0. A model that merely beats a
/// worse-than-random baseline while itself below random earns C, not B. A NaN baseline (undefined,
/// e.g. actuals all equal) counts as no baseline, under the same rule; a NaN model Gini is C.
///
/// Ginis that differ by less than <see cref="Tolerance"/> count as equal, so a margin of exactly
/// 5 % written in decimals (0.42 against 0.40) grades A despite binary rounding.
/// </remarks>
public static class ModelGrading
{
    public const double RelativeMargin = 0.05;
    public const double Tolerance = 1e-9;

    /// <summary>
    /// Ginis with three decimals, or as many more (up to six) as it takes for values that differ to read differently:
    /// a grade B over a baseline read as "0.835 against 0.835" looks like a mistake when the model leads by 0.0004.
    /// </summary>
    public static string[] ShowApart(params double[] ginis)
    {
        ArgumentNullException.ThrowIfNull(ginis);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        for (int decimals = 3; ; decimals++)
        {
            var texts = ginis.Select(g => g.ToString("F" + decimals, inv)).ToArray();
            bool apart = true;
            for (int i = 0; i < ginis.Length && apart; i++)
                for (int j = i + 1; j < ginis.Length && apart; j++)
                    apart = texts[i] != texts[j] || !(Math.Abs(ginis[i] - ginis[j]) > Tolerance);
            if (apart || decimals == 6)
                return texts;
        }
    }

    public static ModelGrade Grade(double modelGini, double bestBaselineGini)
    {
        if (double.IsNaN(modelGini)) return ModelGrade.C;
        var reference = double.IsNaN(bestBaselineGini) ? 0 : Math.Max(bestBaselineGini, 0);
        var required = reference > 0 ? (1 + RelativeMargin) * reference : RelativeMargin;

        if (modelGini >= required - Tolerance) return ModelGrade.A;
        if (modelGini > reference + Tolerance) return ModelGrade.B;
        return ModelGrade.C;
    }

    /// <summary>Grades against the best of several baselines; NaN baselines are ignored.</summary>
    public static ModelGrade Grade(double modelGini, IEnumerable<double> baselineGinis)
    {
        ArgumentNullException.ThrowIfNull(baselineGinis);
        var best = double.NaN;
        foreach (var gini in baselineGinis)
        {
            if (!double.IsNaN(gini) && (double.IsNaN(best) || gini > best)) best = gini;
        }
        return Grade(modelGini, best);
    }
}
