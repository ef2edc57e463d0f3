using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Evaluation;

namespace CustomerValue.Modeling.Tests.Evaluation;

public sealed class RegressionEvaluatorTests
{
    const int Precision = 12;

    [Fact]
    public void MetricsMatchAHandComputedFourCustomerCase()
    {
        double[] predicted = [5, 1, 25, 30];
        double[] actual = [10, 0, 30, 20];

        var m = RegressionEvaluator.Evaluate(predicted, actual);

        // Errors −5, 1, −5, 10: MAE 21/4; MSE (25 + 1 + 25 + 100)/4 = 37.75.
        Assert.Equal(5.25, m.Mae, Precision);
        Assert.Equal(Math.Sqrt(37.75), m.Rmse, Precision);
        // Mean actual 15, SStot = 25 + 225 + 225 + 25 = 500, so R² = 1 − 151/500.
        Assert.Equal(0.698, m.RSquared, Precision);
        // By prediction: 20, 30, 10, 0 → running sums 20, 50, 60, 60 = 190; (190/60 − 2.5)/4 = 1/6.
        Assert.Equal(1.0 / 6, m.Gini, Precision);
        // By actual: 30, 20, 10, 0 → 30, 50, 60, 60 = 200; (200/60 − 2.5)/4 = 5/24.
        Assert.Equal(5.0 / 24, m.PerfectGini, Precision);
        Assert.Equal(0.8, m.NormalizedGini, Precision);
        // Ranks 2,1,3,4 vs 2,1,4,3: Σd² = 2, so 1 − 6·2/(4·15) = 0.8.
        Assert.Equal(0.8, m.Spearman, Precision);
        // Σpred 61 against Σactual 60.
        Assert.Equal(1.0 / 60, m.SumError, Precision);
    }

    [Fact]
    public void GiniMatchesKaggleOnUntiedPredictions()
    {
        double[] actual = [1, 2, 3];

        var ordered = RegressionEvaluator.Evaluate([10, 20, 30], actual);
        var reversed = RegressionEvaluator.Evaluate([30, 20, 10], actual);

        // Kaggle's forum reference values: Gini ±0.111111, normalized ±1.
        Assert.Equal(1.0 / 9, ordered.Gini, Precision);
        Assert.Equal(1.0, ordered.NormalizedGini, Precision);
        Assert.Equal(-1.0 / 9, reversed.Gini, Precision);
        Assert.Equal(-1.0, reversed.NormalizedGini, Precision);
    }

    [Fact]
    public void ConstantPredictionHasGiniZeroWhateverTheRowOrder()
    {
        // Kaggle's row-order tie break gives −0.1 here; averaging over the tie gives chance, 0.
        var gini = RegressionEvaluator.Gini([0, 0, 0, 0], [1, 2, 4, 3]);

        Assert.Equal(0.0, gini, Precision);
    }

    [Fact]
    public void TiedPredictionsAverageTheGiniOfEveryOrderOfTheTie()
    {
        double[] predicted = [0, 0, 1, 2];
        double[] actual = [2, 1, 3, 4];

        var m = RegressionEvaluator.Evaluate(predicted, actual);

        // Orders 4,3,2,1 → sums 4,7,9,10 = 30 and 4,3,1,2 → 4,7,8,10 = 29; mean 29.5.
        // (29.5/10 − 2.5)/4 = 0.1125 (Kaggle's row-order tie break would say 0.125).
        Assert.Equal(0.1125, m.Gini, Precision);
        Assert.Equal(0.125, m.PerfectGini, Precision);
        Assert.Equal(0.9, m.NormalizedGini, Precision);
    }

    [Fact]
    public void SpearmanGivesTiedValuesTheirAverageRank()
    {
        // Ranks 1, 2.5, 2.5, 4 against 1, 3, 2, 4: Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5,
        // so ρ = 4.5/√22.5 = √0.9.
        var m = RegressionEvaluator.Evaluate([1, 2, 2, 3], [1, 3, 2, 4]);

        Assert.Equal(Math.Sqrt(0.9), m.Spearman, Precision);
    }

    [Fact]
    public void DecileTableOnTwentyRowsPairsTheHighestPredictionsAndSkipsAZeroDecileInMape()
    {
        // Predictions 1..20 in a shuffled order; actual = 2 × prediction except the two lowest,
        // which spent nothing. Each decile holds two rows.
        var predicted = new double[20];
        var actual = new double[20];
        for (var i = 0; i < 20; i++)
        {
            predicted[i] = (i * 7 % 20) + 1;
            actual[i] = predicted[i] <= 2 ? 0 : 2 * predicted[i];
        }

        var m = RegressionEvaluator.Evaluate(predicted, actual);

        Assert.Equal(10, m.Deciles.Count);
        Assert.All(m.Deciles, d => Assert.Equal(2, d.Count));
        // Decile 1 = predictions 20, 19 with actuals 40, 38; total actual = 2·(210 − 3) = 414.
        Assert.Equal(new DecileRow(1, 2, 19.5, 39, 39, 78, 78.0 / 414), m.Deciles[0]);
        // Decile 5 = predictions 12, 11 with actuals 24, 22.
        Assert.Equal(new DecileRow(5, 2, 11.5, 23, 23, 46, 46.0 / 414), m.Deciles[4]);
        Assert.Equal(new DecileRow(10, 2, 1.5, 0, 3, 0, 0), m.Deciles[9]);
        // Every other decile is off by |m − 2m| / 2m = 0.5; decile 10 has no relative error.
        Assert.Equal(0.5, m.DecileMape, Precision);
        Assert.Equal([10], m.DecilesSkippedInMape);
        Assert.Equal((210.0 - 414) / 414, m.SumError, Precision);
    }

    [Fact]
    public void DecilesOfElevenRowsGiveTheExtraRowToTheFirstDecile()
    {
        var predicted = Enumerable.Range(1, 11).Select(i => (double)i).ToArray();

        var deciles = RegressionEvaluator.Deciles(predicted, predicted);

        Assert.Equal([2, 1, 1, 1, 1, 1, 1, 1, 1, 1], deciles.Select(d => d.Count));
        Assert.Equal(10.5, deciles[0].MeanPredicted, Precision);
    }

    [Fact]
    public void UndefinedRatiosAreNaNRatherThanInventedNumbers()
    {
        var m = RegressionEvaluator.Evaluate([1, 2, 3], [0, 0, 0]);

        Assert.True(double.IsNaN(m.RSquared));
        Assert.True(double.IsNaN(m.Gini));
        Assert.True(double.IsNaN(m.NormalizedGini));
        Assert.True(double.IsNaN(m.Spearman));
        Assert.True(double.IsNaN(m.SumError));
        Assert.True(double.IsNaN(m.DecileMape));
        Assert.Equal(Enumerable.Range(1, 10), m.DecilesSkippedInMape);
    }

    [Fact]
    public void MismatchedLengthsAreRejectedNamingBothSides()
    {
        var error = Assert.Throws<ArgumentException>(() => RegressionEvaluator.Evaluate([1, 2], [1]));

        Assert.Contains("predicted has 2 values but actual has 1", error.Message);
    }

    [Fact]
    public void NonFiniteValuesAreRejectedWithTheirIndex()
    {
        var error = Assert.Throws<ArgumentException>(() => RegressionEvaluator.Evaluate([1, double.NaN], [1, 2]));

        Assert.Contains("predicted[1] is NaN", error.Message);
    }

    /// <summary>The narrow evaluators the searches call give Evaluate's very numbers, on zero-heavy values with ties.</summary>
    [Fact]
    public void NormalizedGiniAndMaeAloneAreEvaluatesOwn()
    {
        var random = new Random(9);
        var actual = Enumerable.Range(0, 5_000).Select(_ => random.Next(3) == 0 ? Math.Round(random.NextDouble() * 300, 2) : 0).ToArray();
        var predicted = actual.Select(a => random.Next(4) == 0 ? 0 : Math.Round(a * random.NextDouble() + random.NextDouble() * 50)).ToArray();

        var metrics = RegressionEvaluator.Evaluate(predicted, actual);

        Assert.Equal(metrics.NormalizedGini, RegressionEvaluator.NormalizedGini(predicted, actual));
        Assert.Equal(metrics.Mae, RegressionEvaluator.Mae(predicted, actual));
        Assert.True(double.IsNaN(RegressionEvaluator.NormalizedGini([1, 2, 3], [0, 0, 0])));
        Assert.Contains("predicted[1] is NaN", Assert.Throws<ArgumentException>(() => RegressionEvaluator.NormalizedGini([1, double.NaN], [1, 2])).Message);
        Assert.Contains("actual[0] is NaN", Assert.Throws<ArgumentException>(() => RegressionEvaluator.Mae([1, 2], [double.NaN, 2])).Message);
    }
}
