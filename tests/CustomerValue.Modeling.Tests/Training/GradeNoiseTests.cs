using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Evaluation;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>
/// The grade's reason says how far its lead over the best baseline stands above the noise of the held-out rows. Olist at
/// 180 days is graded B on 0.205 against 0.201: the grade alone reads as a model that beats the rule.
/// </summary>
public sealed class GradeNoiseTests
{
    static readonly double[] Actual = Spend(new Random(4));

    static double[] Spend(Random random) =>
        [.. Enumerable.Range(0, 3000).Select(_ => random.NextDouble() < 0.1 ? 20 + (100 * random.NextDouble()) : 0)];

    static (string Clause, string? Note) Judge(double[] model, double[] baseline)
    {
        var baselineMetrics = RegressionEvaluator.Evaluate(baseline, Actual);
        BaselineResult[] baselines = [new("rfm-cell-mean", "a rule", baselineMetrics.NormalizedGini, baselineMetrics.Mae, baselineMetrics.Rmse)];
        var churn = BinaryEvaluator.Evaluate([0.2, 0.8], [false, true], 0.5);
        return ModelTrainer.GradeNoise(false, RegressionEvaluator.Evaluate(model, Actual), churn, baselines, [],
            _ => HyperparameterSearch.LeadStandardErrors(model, [baseline], Actual, seed: 1)[0]);
    }

    /// <summary>Two rankers with noise of the same size and their own draws: the better first.</summary>
    static (double[] Better, double[] Worse) Twins(int seed)
    {
        var random = new Random(seed);
        double[] a = [.. Actual.Select(x => x + (40 * random.NextDouble()))];
        double[] b = [.. Actual.Select(x => x + (40 * random.NextDouble()))];
        var lead = RegressionEvaluator.Evaluate(a, Actual).NormalizedGini - RegressionEvaluator.Evaluate(b, Actual).NormalizedGini;
        var (better, worse) = lead >= 0 ? (a, b) : (b, a);
        Assert.InRange(Math.Abs(lead), 1e-6, HyperparameterSearch.LeadStandardErrors(better, [worse], Actual, seed: 1)[0]);
        return (better, worse);
    }

    [Fact]
    public void ALeadWithinOneStandardErrorIsSaidInTheReasonAndTheNotes()
    {
        var (model, twin) = Twins(5);

        var (clause, note) = Judge(model, twin);

        Assert.Matches(@"^; the model's lead of 0\.\d{3,6} is within one standard error \(0\.\d{3}, 100 paired bootstrap resamples of the held-out rows\)$", clause);
        Assert.StartsWith("The grade rests on a lead within noise: the model's CLV Gini leads the best baseline 'rfm-cell-mean' by 0.0", note, StringComparison.Ordinal);
    }

    [Fact]
    public void AClearLeadIsCountedInStandardErrorsWithoutANote()
    {
        var random = new Random(6);
        double[] model = [.. Actual.Select(a => a + (40 * random.NextDouble()))];
        double[] poor = [.. Actual.Select(a => a + (400 * random.NextDouble()))];

        var (clause, note) = Judge(model, poor);

        Assert.Matches(@"^; the lead of 0\.\d{3} is \d+\.\d standard errors \(0\.\d{3}, 100 paired bootstrap resamples of the held-out rows\)$", clause);
        Assert.Null(note);
    }

    [Fact]
    public void ABaselineAheadWithinNoiseIsSaidToRankAlike()
    {
        var (baseline, model) = Twins(5);

        var (clause, note) = Judge(model, baseline);

        Assert.StartsWith("; the lead of 'rfm-cell-mean' of 0.0", clause, StringComparison.Ordinal);
        Assert.StartsWith("The best baseline 'rfm-cell-mean' leads the model by 0.0", note, StringComparison.Ordinal);
        Assert.Contains("the two rank customers alike on this data", note, StringComparison.Ordinal);
    }

    [Fact]
    public void ALeadSmallerThanAThousandthIsShownWithTheDecimalsOfTheGinis()
    {
        // A subscription base: 0.9322 against 0.9319, and the lead read "0.000".
        var model = RegressionEvaluator.Evaluate([1, 2, 3], [1, 2, 4]) with { NormalizedGini = 0.9322 };
        BaselineResult[] baselines = [new("rfm-cell-mean", "a rule", 0.9319, 1, 1)];

        var (clause, _) = ModelTrainer.GradeNoise(false, model, BinaryEvaluator.Evaluate([0.2, 0.8], [false, true], 0.5), baselines, [], _ => 0.002);

        Assert.Equal("; the model's lead of 0.0003 is within one standard error (0.002, 100 paired bootstrap resamples of the held-out rows)", clause);
    }
}
