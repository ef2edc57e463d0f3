using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Models.Trees;
using CustomerValue.Core.Serving;
using CustomerValue.Core.Tests.TestData;
using CustomerValue.Modeling.Training;
using Microsoft.ML;

namespace CustomerValue.Modeling.Tests.Trees;

/// <summary>The compiled evaluator on the bundle the repository ships, model by model and through <see cref="ModelBundle"/>.</summary>
public sealed class ShippedBundleTreeTests
{
    static string Bundle => ModelPointer.CurrentBundle(RepositoryPaths.Of("models"))!;

    [Fact]
    public void EveryShippedModelScoresBitForBitAsThePredictionEngineDoes()
    {
        using var lease = ModelFolder.Load(Bundle, ModelBundle.Load);
        var card = lease.Bundle.Card;
        var slots = lease.Bundle.Vectorizer.SlotCount;
        var ml = new MLContext(seed: 1);
        var clv = Load(ml, card.Clv!.FileName);
        var orders = Load(ml, card.Orders!.FileName);
        var churn = Load(ml, card.Churn.FileName);
        var clvRows = TreeParity.Rows(clv, slots, 500, seed: 21);
        var ordersRows = TreeParity.Rows(orders, slots, 500, seed: 22);
        var churnRows = TreeParity.Rows(churn, slots, 500, seed: 23);

        Assert.True(CompiledTreeModel.TryCompile(clv, out var compiledClv, out var reason), reason);
        Assert.True(CompiledTreeModel.TryCompile(orders, out var compiledOrders, out reason), reason);
        Assert.True(CompiledTreeModel.TryCompile(churn, out var compiledChurn, out reason), reason);
        var (churnScores, churnProbabilities) = TreeParity.EngineBinary(ml, churn, slots, churnRows);

        Assert.Equal(TreeParity.Bits(TreeParity.EngineScores(ml, clv, slots, clvRows)), TreeParity.Bits(clvRows.Select(r => compiledClv.Score(r))));
        Assert.Equal(
            TreeParity.EngineContributions(ml, clv, slots, clvRows).Select(TreeParity.Bits),
            TreeParity.CompiledContributions(compiledClv, clvRows).Select(TreeParity.Bits));
        Assert.Equal(TreeParity.Bits(TreeParity.EngineScores(ml, orders, slots, ordersRows)), TreeParity.Bits(ordersRows.Select(r => compiledOrders.Score(r))));
        Assert.Equal(TreeParity.Bits(churnScores), TreeParity.Bits(churnRows.Select(r => compiledChurn.Score(r))));
        Assert.Equal(TreeParity.Bits(churnProbabilities), TreeParity.Bits(churnRows.Select(r => compiledChurn.Probability(r))));
    }

    /// <summary>The bundle's model files in the order it loads them: CLV, churn, the cold-start model when the card ships one, orders.</summary>
    static IEnumerable<string> ModelFiles(ModelCard card) =>
        new[] { card.Clv?.FileName, card.Churn.FileName, card.ColdStart?.FileName, card.Orders?.FileName }.OfType<string>();

    [Fact]
    public void TheCompiledBundlePredictsAndExplainsExactlyAsTheEngineBundle()
    {
        using var compiled = ModelFolder.Load(Bundle, ModelBundle.Loader(ModelEvaluator.Compiled));
        using var engine = ModelFolder.Load(Bundle, ModelBundle.Loader(ModelEvaluator.Engine));
        var rows = Customers(compiled.Bundle, 300, seed: 31);

        Assert.All(compiled.Bundle.Evaluations, e => Assert.Equal(new ModelEvaluation(e.Model, ModelEvaluator.Compiled), e));
        Assert.All(engine.Bundle.Evaluations, e => Assert.Equal(new ModelEvaluation(e.Model, ModelEvaluator.Engine), e));
        Assert.Equal(ModelFiles(compiled.Bundle.Card), compiled.Bundle.Evaluations.Select(e => e.Model));
        Assert.Contains("clv.zip", compiled.Bundle.Evaluations.Select(e => e.Model));
        foreach (var row in rows)
        {
            AssertSamePrediction(engine.Bundle.Predict(row, explain: true), compiled.Bundle.Predict(row, explain: true));
            AssertSamePrediction(engine.Bundle.Predict(row, explain: false), compiled.Bundle.Predict(row, explain: false));
            Assert.Equal(engine.Bundle.Explain(row), compiled.Bundle.Explain(row));
        }
    }

    [Fact]
    public void AModelThatCannotBeCompiledIsServedByEnginesWithTheReason()
    {
        var directory = Directory.CreateTempSubdirectory("cvml-trees-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(Bundle))
                File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
            var slots = ReplaceClvWithAForest(directory);

            using var compiled = ModelFolder.Load(directory, ModelBundle.Load);
            using var engine = ModelFolder.Load(directory, ModelBundle.Loader(ModelEvaluator.Engine));
            var rows = Customers(compiled.Bundle, 50, seed: 32);

            Assert.Equal(
                ModelFiles(compiled.Bundle.Card).Select(model => model == "clv.zip"
                    ? new ModelEvaluation(model, ModelEvaluator.Engine, "FastForestRegressionModelParameters is not a FastTree regression, Tweedie or Platt-calibrated binary model")
                    : new ModelEvaluation(model, ModelEvaluator.Compiled)),
                compiled.Bundle.Evaluations);
            Assert.Equal(slots, compiled.Bundle.Vectorizer.SlotCount);
            foreach (var row in rows)
                AssertSamePrediction(engine.Bundle.Predict(row, explain: true), compiled.Bundle.Predict(row, explain: true));
            Assert.Contains(rows, row => compiled.Bundle.Predict(row, explain: true).Contributions.Count > 0);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    static void AssertSamePrediction(BundlePrediction expected, BundlePrediction actual)
    {
        Assert.Equal(expected with { Contributions = [], UnknownCategories = [] }, actual with { Contributions = [], UnknownCategories = [] });
        Assert.Equal(expected.Contributions, actual.Contributions);
        Assert.Equal(expected.UnknownCategories, actual.UnknownCategories);
    }

    static ITransformer Load(MLContext ml, string fileName) => ml.Model.Load(Path.Combine(Bundle, fileName), out _);

    /// <summary>A forest trained on random vectors of the bundle's width in place of the CLV model: loadable, explainable, not compilable.</summary>
    static int ReplaceClvWithAForest(string directory)
    {
        var card = ModelCard.FromJson(File.ReadAllText(Path.Combine(directory, ModelCard.FileName)), ModelCard.FileName);
        var slots = new FeatureVectorizer(card.Vector).SlotCount;
        var ml = new MLContext(seed: 1);
        var random = new Random(5);
        var features = Enumerable.Range(0, 300).Select(_ => Enumerable.Range(0, slots).Select(_ => (float)random.NextDouble()).ToArray()).ToList();
        var view = new Learner(ml, slots).View(features, [.. features.Select(f => f[0] + f[1] + (float)random.NextDouble())]);
        var forest = ml.Regression.Trainers.FastForest(numberOfTrees: 10).Fit(view);
        ml.Model.Save(forest, view.Schema, Path.Combine(directory, card.Clv!.FileName));
        return slots;
    }

    /// <summary>Prospects, one-time buyers and regulars with returns, known and unknown categories, as of the card's cutoff.</summary>
    static List<FeatureRow> Customers(ModelBundle bundle, int count, int seed)
    {
        var random = new Random(seed);
        var asOf = bundle.Card.Cutoff;
        string[] devices = ["ios", "android", "web", "fridge"];
        string[] channels = ["organic", "paid_search", "social", "email", "carrier-pigeon"];
        var rows = new List<FeatureRow>();
        for (var i = 0; i < count; i++)
        {
            var id = "c" + i;
            var profile = new CustomerProfile(id)
            {
                PostalCode = random.Next(5) == 0 ? null : random.Next(10000, 99999).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Device = devices[random.Next(devices.Length)],
                Channel = channels[random.Next(channels.Length)],
                Newsletter = random.Next(3) switch { 0 => null, 1 => true, _ => false },
                SignupDate = random.Next(4) == 0 ? null : asOf.AddDays(-random.Next(0, 1500)),
            };
            var history = Enumerable.Range(0, random.Next(4) == 0 ? 0 : random.Next(1, 40))
                .Select(_ => new Transaction(id, asOf.AddDays(-random.Next(0, 1000)).ToDateTime(TimeOnly.MinValue),
                    random.Next(10) == 0 ? -random.Next(1, 80) : Math.Round(random.NextDouble() * 400, 2)))
                .OrderBy(t => t.Timestamp)
                .ToList();
            rows.Add(FeatureBuilder.Snapshot(profile, history, asOf, bundle.FeatureOptions));
        }
        return rows;
    }
}
