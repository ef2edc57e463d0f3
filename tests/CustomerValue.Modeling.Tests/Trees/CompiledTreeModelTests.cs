using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Trees;
using CustomerValue.Modeling.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace CustomerValue.Modeling.Tests.Trees;

/// <summary>
/// The compiled evaluator against ML.NET's PredictionEngine on models trained here, saved and loaded as served,
/// over 600 rows built on, just beside and far from every threshold (NaN and ±∞ included): tolerance zero, the
/// floats must have the same bits.
/// </summary>
public sealed class CompiledTreeModelTests
{
    const int Slots = 12;
    const int RowCount = 600;
    static readonly TreeHyperparameters Hyperparameters = new(NumberOfTrees: 60, NumberOfLeaves: 8, LearningRate: 0.2, MinimumExampleCountPerLeaf: 5);

    /// <remarks>
    /// 64 slots make ML.NET's contribution buffer stay sparse past 20 entries, where it appends out of order
    /// and sorts later (the path whose summation order is hardest to reproduce); 12 slots make it go dense early.
    /// </remarks>
    [Theory]
    [InlineData(ClvObjective.Log1p, TreeModelKind.Regression, Slots)]
    [InlineData(ClvObjective.Tweedie, TreeModelKind.Tweedie, Slots)]
    [InlineData(ClvObjective.Log1p, TreeModelKind.Regression, 64)]
    [InlineData(ClvObjective.Tweedie, TreeModelKind.Tweedie, 64)]
    public void RegressionScoresAndContributionsMatchThePredictionEngineBitForBit(ClvObjective objective, TreeModelKind kind, int slots)
    {
        var ml = new MLContext(seed: 1);
        var learner = new Learner(ml, slots);
        var (features, spend, _) = TrainingData(seed: 7, slots);
        var fitted = learner.FitClv(features, spend, objective, Hyperparameters);
        var model = TreeParity.RoundTrip(ml, fitted.Model, fitted.InputSchema);
        var rows = TreeParity.Rows(model, slots, RowCount, seed: 11);

        Assert.True(CompiledTreeModel.TryCompile(model, out var compiled, out var reason), reason);
        var expected = TreeParity.EngineScores(ml, model, slots, rows);
        var expectedContributions = TreeParity.EngineContributions(ml, model, slots, rows);

        Assert.Equal(kind, compiled.Kind);
        Assert.Equal(Hyperparameters.NumberOfTrees, compiled.TreeCount);
        Assert.Equal(TreeParity.Bits(expected), TreeParity.Bits(rows.Select(r => compiled.Score(r))));
        Assert.Equal(expectedContributions.Select(TreeParity.Bits), TreeParity.CompiledContributions(compiled, rows).Select(TreeParity.Bits));
    }

    [Fact]
    public void CalibratedBinaryScoresAndProbabilitiesMatchThePredictionEngineBitForBit()
    {
        var ml = new MLContext(seed: 1);
        var learner = new Learner(ml, Slots);
        var (features, _, churned) = TrainingData(seed: 8);
        var trained = learner.FitChurn(features, churned, Hyperparameters);
        var model = TreeParity.RoundTrip(ml, trained, learner.View(features, []).Schema);
        var rows = TreeParity.Rows(model, Slots, RowCount, seed: 12);

        Assert.True(CompiledTreeModel.TryCompile(model, out var compiled, out var reason), reason);
        var (scores, probabilities) = TreeParity.EngineBinary(ml, model, Slots, rows);

        Assert.Equal(TreeModelKind.CalibratedBinary, compiled.Kind);
        Assert.Equal(TreeParity.Bits(scores), TreeParity.Bits(rows.Select(r => compiled.Score(r))));
        Assert.Equal(TreeParity.Bits(probabilities), TreeParity.Bits(rows.Select(r => compiled.Probability(r))));
    }

    [Fact]
    public void AForestIsRefusedWithTheReason()
    {
        var ml = new MLContext(seed: 1);
        var (features, spend, _) = TrainingData(seed: 9);
        var view = new Learner(ml, Slots).View(features, [.. spend.Select(s => (float)s)]);
        var forest = ml.Regression.Trainers.FastForest(numberOfTrees: 10).Fit(view);

        var compiledIt = CompiledTreeModel.TryCompile(forest, out var compiled, out var reason);

        Assert.False(compiledIt);
        Assert.Null(compiled);
        Assert.Equal("FastForestRegressionModelParameters is not a FastTree regression, Tweedie or Platt-calibrated binary model", reason);
    }

    [Fact]
    public void AChainWithATransformBeforeTheTreesIsRefused()
    {
        var ml = new MLContext(seed: 1);
        var (features, spend, _) = TrainingData(seed: 10);
        var view = new Learner(ml, Slots).View(features, [.. spend.Select(s => (float)s)]);
        var model = ml.Transforms.NormalizeMinMax(nameof(ModelRow.Features))
            .Append(ml.Regression.Trainers.FastTree(numberOfTrees: 5))
            .Fit(view);

        var compiledIt = CompiledTreeModel.TryCompile(model, out _, out var reason);

        Assert.False(compiledIt);
        Assert.Equal("the model is a chain of 2 transformers, not a trainer alone", reason);
    }

    [Fact]
    public void ARowOfTheWrongLengthIsRejectedAsMLNetRejectsIt()
    {
        var ml = new MLContext(seed: 1);
        var (features, spend, _) = TrainingData(seed: 7);
        var fitted = new Learner(ml, Slots).FitClv(features, spend, ClvObjective.Log1p, Hyperparameters);
        Assert.True(CompiledTreeModel.TryCompile(fitted.Model, out var compiled, out _));

        var error = Assert.Throws<ArgumentException>(() => compiled.Score(new float[Slots - 1]));

        Assert.StartsWith("The model reads 12 slots; the row has 11.", error.Message);
    }

    [Fact]
    public void ARegressionModelHasNoProbability()
    {
        var ml = new MLContext(seed: 1);
        var (features, spend, _) = TrainingData(seed: 7);
        var fitted = new Learner(ml, Slots).FitClv(features, spend, ClvObjective.Tweedie, Hyperparameters);
        Assert.True(CompiledTreeModel.TryCompile(fitted.Model, out var compiled, out _));

        Assert.Throws<InvalidOperationException>(() => compiled.Probability(new float[Slots]));
    }

    /// <summary>
    /// Customers-like rows: counts, amounts with a heavy tail, a one-hot block and NaN in one slot, with spend
    /// and churn driven by a few of them plus noise, so the trees split on many slots at many depths.
    /// </summary>
    static (List<float[]> Features, List<double> Spend, List<bool> Churned) TrainingData(int seed, int slots = Slots)
    {
        var random = new Random(seed);
        List<float[]> features = [];
        List<double> spend = [];
        List<bool> churned = [];
        for (var i = 0; i < 900; i++)
        {
            var row = new float[slots];
            row[0] = random.Next(0, 30);
            row[1] = (float)Math.Round(random.NextDouble() * 700);
            row[2] = (float)(Math.Exp(random.NextDouble() * 6) - 1);
            row[3] = random.Next(10) == 0 ? float.NaN : (float)(random.NextDouble() * 100);
            row[4] = (float)random.NextDouble();
            for (var s = 5; s < 9; s++)
                row[s] = 0;
            row[5 + random.Next(4)] = 1;
            row[9] = (float)(random.NextDouble() * 2 - 1);
            row[10] = random.Next(2);
            row[11] = (float)(random.NextDouble() * 1e6);
            var wide = 0.0;
            for (var s = Slots; s < slots; s++)
            {
                row[s] = (float)random.NextDouble();
                wide += row[s] * (s % 7);
            }
            features.Add(row);
            var value = (row[0] * row[2] * 0.3) + (row[5] * 40) + (row[4] * 25) + (wide * 4) + (random.NextDouble() * 30);
            spend.Add(random.Next(6) == 0 ? 0 : value);
            churned.Add(row[1] / 700 + (row[0] < 3 ? 0.4 : 0) + (random.NextDouble() * 0.5) > 0.8);
        }
        return (features, spend, churned);
    }
}
