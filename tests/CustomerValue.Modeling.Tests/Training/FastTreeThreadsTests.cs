using CustomerValue.Core.Models;
using CustomerValue.Modeling.Training;
using Microsoft.ML;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>The process's FastTree thread count is one setting for every fit, so nothing else fits while these run.</summary>
[CollectionDefinition(nameof(FastTreeThreadsTests), DisableParallelization = true)]
public sealed class FastTreeThreadsCollection;

[Collection(nameof(FastTreeThreadsTests))]
public sealed class FastTreeThreadsTests
{
    const int Slots = 12;
    static readonly TreeHyperparameters Trees = new(NumberOfTrees: 30, NumberOfLeaves: 16, LearningRate: 0.1, MinimumExampleCountPerLeaf: 10);

    /// <summary>A new ML.NET that keeps its thread count elsewhere would leave every large fit on one core without failing anything else.</summary>
    [Fact]
    public void ThisMLNetKeepsItsThreadCountWhereTrainingSetsIt()
    {
        Assert.True(FastTreeThreads.Available);
    }

    [Fact]
    public void EachModelIsTheSameBytesFittedOnOneThreadOrOnSeveral()
    {
        var (rows, spend, churned) = Table(20_000);
        var ml = new MLContext(seed: 1);
        var learner = new Learner(ml, Slots);
        var matrix = FeatureMatrix.Of(rows, Slots);
        var counts = new[] { 1, 2, 3 };

        var models = counts.Select(threads =>
        {
            FastTreeThreads.Use(threads);
            Assert.Equal(threads, FastTreeThreads.Current);
            var tweedie = learner.FitClv(matrix, spend, ClvObjective.Tweedie, Trees);
            var log1p = learner.FitClv(matrix, spend, ClvObjective.Log1p, Trees);
            var churn = learner.FitChurn(matrix, churned, Trees);
            return new[] { SavedModel.Entries(ml, tweedie.Model, learner.Schema), SavedModel.Entries(ml, log1p.Model, learner.Schema), SavedModel.Entries(ml, churn, learner.Schema) };
        }).ToList();
        FastTreeThreads.Use(1);

        foreach (var other in models.Skip(1))
            for (var m = 0; m < other.Length; m++)
                Assert.Equal(models[0][m], other[m]);
    }

    /// <summary>Enough rows that every thread gets a share of each step, with ties and a zero-heavy target as in the real tables.</summary>
    static (List<float[]> Rows, double[] Spend, bool[] Churned) Table(int count)
    {
        var random = new Random(23);
        var rows = Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, Slots).Select(s => s < 6 ? (float)Math.Round(random.NextDouble() * 50, 1) : random.Next(2)).ToArray())
            .ToList();
        var spend = rows.Select(r => r[6] > 0 && r[0] > 20 ? 0 : (3 * r[1]) + (40 * r[7]) + (20 * random.NextDouble())).ToArray();
        var churned = rows.Select(r => (r[2] / 50) + (0.3 * r[8]) + (0.4 * random.NextDouble()) > 0.7).ToArray();
        return (rows, spend, churned);
    }
}
