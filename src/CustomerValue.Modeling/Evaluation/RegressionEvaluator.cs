using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Modeling.Evaluation;

/// <summary>Metrics for customer-value (CLV) predictions.</summary>
public static class RegressionEvaluator
{
    public const int DecileCount = 10;

    /// <summary>Scores predictions against actuals, row by row.</summary>
    /// <exception cref="ArgumentException">The spans differ in length, are empty, or hold NaN or infinity.</exception>
    public static RegressionMetrics Evaluate(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual)
    {
        MetricInputs.RequirePairs(predicted.Length, actual.Length, nameof(predicted), nameof(actual));
        MetricInputs.RequireFinite(predicted, nameof(predicted));
        MetricInputs.RequireFinite(actual, nameof(actual));

        var n = predicted.Length;
        double absSum = 0, sqSum = 0, sumPredicted = 0, sumActual = 0;
        for (var i = 0; i < n; i++)
        {
            var error = predicted[i] - actual[i];
            absSum += Math.Abs(error);
            sqSum += error * error;
            sumPredicted += predicted[i];
            sumActual += actual[i];
        }

        var meanActual = sumActual / n;
        double totalSq = 0;
        for (var i = 0; i < n; i++) totalSq += (actual[i] - meanActual) * (actual[i] - meanActual);

        var gini = Gini(predicted, actual);
        var perfectGini = Gini(actual, actual);
        var deciles = Deciles(predicted, actual);
        var (decileMape, skipped) = DecileMape(deciles);

        return new RegressionMetrics(
            Count: n,
            Mae: absSum / n,
            Rmse: Math.Sqrt(sqSum / n),
            RSquared: totalSq == 0 ? double.NaN : 1 - sqSum / totalSq,
            Gini: gini,
            PerfectGini: perfectGini,
            NormalizedGini: perfectGini == 0 ? double.NaN : gini / perfectGini,
            Spearman: Ranking.Pearson(Ranking.AverageRanks(predicted), Ranking.AverageRanks(actual)),
            Deciles: deciles,
            DecileMape: decileMape,
            DecilesSkippedInMape: skipped,
            SumError: sumActual == 0 ? double.NaN : (sumPredicted - sumActual) / sumActual);
    }

    /// <summary>
    /// <see cref="Evaluate"/>'s normalized Gini alone, with the same checks: the blend search asks for nothing else, 22
    /// times on the validation rows, and the other metrics cost three more sorts each.
    /// </summary>
    public static double NormalizedGini(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual)
    {
        MetricInputs.RequirePairs(predicted.Length, actual.Length, nameof(predicted), nameof(actual));
        MetricInputs.RequireFinite(predicted, nameof(predicted));
        MetricInputs.RequireFinite(actual, nameof(actual));
        var gini = Gini(predicted, actual);
        var perfectGini = Gini(actual, actual);
        return perfectGini == 0 ? double.NaN : gini / perfectGini;
    }

    /// <summary><see cref="Evaluate"/>'s mean absolute error alone, with the same checks and the same sum; no sort.</summary>
    public static double Mae(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual)
    {
        MetricInputs.RequirePairs(predicted.Length, actual.Length, nameof(predicted), nameof(actual));
        MetricInputs.RequireFinite(predicted, nameof(predicted));
        MetricInputs.RequireFinite(actual, nameof(actual));
        double absSum = 0;
        for (var i = 0; i < predicted.Length; i++)
            absSum += Math.Abs(predicted[i] - actual[i]);
        return absSum / predicted.Length;
    }

    /// <summary>
    /// Kaggle's Gini: walk the rows from the highest score down, sum the running share of the actual
    /// total, and subtract what a random order would give, (n + 1) / 2, all over n.
    /// </summary>
    /// <remarks>
    /// Kaggle breaks tied scores by row order, so a constant prediction gets a Gini that depends on how
    /// the file happens to be sorted. Here tied rows share the mean of the positions they span, which
    /// is the exact average over every order of the tie: a constant prediction scores 0 wherever its
    /// rows sit, and a model that ties a lot is neither flattered nor punished by the row order.
    /// Expanding the running sums, row j at 1-based position p_j contributes a_j·(n − p_j + 1), which
    /// is linear in p_j, so averaging positions is the same as averaging Ginis. NaN when the actuals sum to 0.
    /// </remarks>
    public static double Gini(ReadOnlySpan<double> score, ReadOnlySpan<double> actual)
    {
        MetricInputs.RequirePairs(score.Length, actual.Length, nameof(score), nameof(actual));
        var n = score.Length;
        double total = 0;
        for (var i = 0; i < n; i++) total += actual[i];
        if (total == 0) return double.NaN;

        // Ascending average ranks turned into positions from the top: p = n + 1 − rank.
        var ranks = Ranking.AverageRanks(score);
        double weighted = 0;
        for (var i = 0; i < n; i++) weighted += actual[i] * ranks[i];
        // Σ a_j·(n − p_j + 1) = Σ a_j·rank_j.
        return (weighted / total - (n + 1) / 2.0) / n;
    }

    /// <summary>
    /// Rows sorted by prediction (highest first, ties kept in input order) and cut into ten groups as
    /// equal as possible; the first n mod 10 deciles take one row more, as numpy.array_split does.
    /// </summary>
    public static IReadOnlyList<DecileRow> Deciles(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual)
    {
        MetricInputs.RequirePairs(predicted.Length, actual.Length, nameof(predicted), nameof(actual));
        var n = predicted.Length;
        double totalActual = 0;
        for (var i = 0; i < n; i++) totalActual += actual[i];

        var order = Ranking.DescendingOrder(predicted);
        var rows = new DecileRow[DecileCount];
        var baseSize = n / DecileCount;
        var extra = n % DecileCount;
        var start = 0;
        for (var d = 0; d < DecileCount; d++)
        {
            var size = baseSize + (d < extra ? 1 : 0);
            double sumPredicted = 0, sumActual = 0;
            for (var k = start; k < start + size; k++)
            {
                sumPredicted += predicted[order[k]];
                sumActual += actual[order[k]];
            }
            rows[d] = new DecileRow(
                Decile: d + 1,
                Count: size,
                MeanPredicted: size == 0 ? double.NaN : sumPredicted / size,
                MeanActual: size == 0 ? double.NaN : sumActual / size,
                SumPredicted: sumPredicted,
                SumActual: sumActual,
                ShareOfActual: totalActual == 0 ? double.NaN : sumActual / totalActual);
            start += size;
        }
        return rows;
    }

    /// <remarks>
    /// A decile whose customers spent nothing has no relative error to speak of, so it is left out and
    /// named rather than turned into an infinity that would swamp the mean. The denominator is |mean
    /// actual| so a decile that nets to refunds still gives a positive error. NaN when every decile is skipped.
    /// </remarks>
    static (double Mape, IReadOnlyList<int> Skipped) DecileMape(IReadOnlyList<DecileRow> deciles)
    {
        var skipped = new List<int>();
        double sum = 0;
        var used = 0;
        foreach (var row in deciles)
        {
            if (row.Count == 0 || row.MeanActual == 0)
            {
                skipped.Add(row.Decile);
                continue;
            }
            sum += Math.Abs(row.MeanPredicted - row.MeanActual) / Math.Abs(row.MeanActual);
            used++;
        }
        return (used == 0 ? double.NaN : sum / used, skipped);
    }
}
