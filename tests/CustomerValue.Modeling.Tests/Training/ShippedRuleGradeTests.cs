using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Tests.TestData;
using CustomerValue.Modeling.Evaluation;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>
/// Customer folds that each ship the same rule, scaled by each fold's own factor: the model's ranking figures are the
/// rule's, as its baseline row has them, not those of the pooled scaled values.
/// </summary>
public sealed class ShippedRuleGradeTests
{
    static readonly DateOnly Cutoff = new(1997, 9, 30);
    const int Horizon = 273;

    [Fact]
    public void ARuleShippedInEveryFoldIsGradedWithItsBaselinesGiniNotThePooledScaledOne()
    {
        var rows = FeatureBuilder.Build(CdnowSample.Transactions(), null, Cutoff, new FeatureOptions { HorizonDays = Horizon }).Rows;
        var folds = new[] { rows.Where((_, i) => i % 2 == 0).ToList(), rows.Where((_, i) => i % 2 == 1).ToList() };
        double[] scales = [0.8, 1.25];
        var heldOut = new HeldOut();
        var servedOnly = new List<double>();
        for (var f = 0; f < folds.Length; f++)
        {
            var test = folds[f];
            double[] rule = [.. test.Select(e => ClvCandidates.RuleValue(ClvCandidates.Historic, e.Features, Horizon, null))];
            double[] served = [.. rule.Select(v => v * scales[f])];
            heldOut.Add(test, new Predictions(served, served, [.. test.Select(_ => 0.5)]));
            heldOut.AddShipped(ClvCandidates.Historic, rule);
            heldOut.AddBaselines(new Split(folds[1 - f], test), Horizon, btyd: null);
            servedOnly.AddRange(served);
        }

        var graded = heldOut.ClvMetrics();
        var baseline = heldOut.ClvBaselineResults().Single(b => b.Name == ClvCandidates.Historic);
        var pooledScaled = RegressionEvaluator.Evaluate(servedOnly.ToArray(), heldOut.Spend.ToArray());

        Assert.Equal(baseline.NormalizedGini, graded.NormalizedGini, 12);
        Assert.NotEqual(baseline.NormalizedGini, pooledScaled.NormalizedGini, 3);
        // Totals stay the served ones.
        Assert.Equal(pooledScaled.SumError, graded.SumError, 12);
    }

    [Fact]
    public void TreesKeepTheServedValuesFigures()
    {
        var rows = FeatureBuilder.Build(CdnowSample.Transactions(), null, Cutoff, new FeatureOptions { HorizonDays = Horizon }).Rows;
        double[] raw = [.. rows.Select(e => ClvCandidates.RuleValue(ClvCandidates.Historic, e.Features, Horizon, null))];
        double[] served = [.. raw.Select((v, i) => v * (i % 2 == 0 ? 0.8 : 1.25))];
        var heldOut = new HeldOut();
        heldOut.Add(rows, new Predictions(served, served, [.. rows.Select(_ => 0.5)]));
        heldOut.AddShipped(ClvCandidates.Hybrid, raw);

        Assert.Equal(RegressionEvaluator.Evaluate(served, heldOut.Spend.ToArray()).NormalizedGini, heldOut.ClvMetrics().NormalizedGini, 12);
    }
}
