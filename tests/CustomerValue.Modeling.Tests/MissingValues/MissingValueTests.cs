using System.Text.Json;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Tests.TestData;
using CustomerValue.Modeling.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace CustomerValue.Modeling.Tests.MissingValues;

public sealed class MissingValueTests
{
    static readonly DateOnly AsOf = new(2025, 1, 31);
    static readonly AttributeSchema Schema = new(["score"], []);
    static readonly TreeHyperparameters SmallTrees = new(NumberOfTrees: 10, NumberOfLeaves: 4, LearningRate: 0.2, MinimumExampleCountPerLeaf: 5);

    [Fact]
    public void FastTreeSkipsTrainingRowsWithNaNYetSendsNaNRightWhenScoring()
    {
        // Finite rows churn when x >= 0.5; every NaN row stays, which the trainer never sees.
        var finite = Enumerable.Range(0, 100).Select(i => new[] { i / 100f }).ToList();
        var finiteLabels = finite.Select(v => v[0] >= 0.5f).ToList();
        var withNaN = finite.Concat(Enumerable.Repeat(new[] { float.NaN }, 50)).ToList();
        var withNaNLabels = finiteLabels.Concat(Enumerable.Repeat(false, 50)).ToList();
        float[][] probes = [[float.NaN], [0f], [0.99f]];

        var learner = new Learner(new MLContext(seed: 1), slotCount: 1);
        var trainedWithNaN = Scores(learner, learner.FitChurn(withNaN, withNaNLabels, SmallTrees), probes);
        var trainedWithout = Scores(learner, learner.FitChurn(finite, finiteLabels, SmallTrees), probes);

        Assert.Equal(trainedWithout, trainedWithNaN);
        Assert.Equal(trainedWithNaN[2], trainedWithNaN[0]);
        Assert.True(trainedWithNaN[0] > 0, $"NaN scored {trainedWithNaN[0]}, the churn side, though every NaN training row stayed.");
    }

    [Fact]
    public void VectorizerFillsAMissingAttributeWithItsTrainingMedianAndSetsItsIndicator()
    {
        var rows = new[] { Row("A", "10"), Row("B", "30"), Row("C", "20"), Row("D", ""), Row("E", "oops") };

        var vectorizer = FeatureVectorizer.Fit(rows, FeatureCatalog.For(Schema), []);

        var column = FeatureColumns.Attribute("score");
        Assert.Equal([new MissingValueFill(column, 20)], vectorizer.Layout.Missing!);
        var slot = vectorizer.Layout.Numeric.ToList().IndexOf(column);
        var indicator = vectorizer.SlotCount - 1;
        Assert.Equal(column, vectorizer.SlotFeature[indicator]);
        var blank = vectorizer.Vectorize(rows[3], []);
        var unparseable = vectorizer.Vectorize(rows[4], []);
        var present = vectorizer.Vectorize(rows[1], []);
        Assert.Equal((20f, 1f), (blank[slot], blank[indicator]));
        Assert.Equal((20f, 1f), (unparseable[slot], unparseable[indicator]));
        Assert.Equal((30f, 0f), (present[slot], present[indicator]));
        Assert.All(blank, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void ALayoutWithoutMissingEntriesStillEncodesNaNAsNaN()
    {
        // The vector of a model card written before missing values had their own encoding.
        var oldCardVector = $$"""{ "numeric": ["{{FeatureColumns.Frequency}}", "{{FeatureColumns.Attribute("score")}}"], "derived": [], "categorical": [] }""";

        var layout = JsonSerializer.Deserialize<VectorLayout>(oldCardVector, ModelCard.JsonOptions)!;
        var vectorizer = new FeatureVectorizer(layout);
        var vector = vectorizer.Vectorize(Row("A", ""), []);

        Assert.Null(layout.Missing);
        Assert.Equal(2, vectorizer.SlotCount);
        Assert.Equal(0f, vector[0]);
        Assert.True(float.IsNaN(vector[1]));
    }

    [Fact]
    public void TheShippedBundleFillsAMissingAttributeAndSetsItsIndicator()
    {
        var path = Path.Combine(ModelPointer.CurrentBundle(RepositoryPaths.Of("models"))!, ModelCard.FileName);
        var card = ModelCard.FromJson(File.ReadAllText(path), path);
        var layout = card.Vector;
        var column = FeatureColumns.Attribute(card.NumericAttributes[0]);
        var options = new FeatureOptions { Attributes = new AttributeSchema(card.NumericAttributes, card.CategoricalAttributes) };
        var row = FeatureBuilder.Snapshot(new CustomerProfile("no-attributes"), [], card.Cutoff, options);
        var vectorizer = new FeatureVectorizer(layout);

        var vector = vectorizer.Vectorize(row, new double[layout.Derived.Count]);

        var fill = Assert.Single(layout.Missing!, m => m.Column == column);
        Assert.Equal(layout.Numeric.Count + layout.Derived.Count + layout.Categorical.Sum(c => c.Values.Count) + layout.Missing!.Count, vectorizer.SlotCount);
        Assert.Equal((float)fill.Fill, vector[layout.Numeric.ToList().IndexOf(column)]);
        Assert.Equal(1f, vector[vectorizer.SlotCount - layout.Missing!.Count + layout.Missing!.ToList().IndexOf(fill)]);
    }

    [Fact]
    public void AMissingValueColumnOutsideTheNumericColumnsIsRefused()
    {
        var layout = new VectorLayout([FeatureColumns.Frequency], [], [], [new MissingValueFill("attr_nope", 0)]);

        Assert.Throws<InvalidDataException>(() => new FeatureVectorizer(layout));
    }

    [Fact]
    public void ATrainedModelScoresAMissingValueAsTrainingRowsWithItWereLabelled()
    {
        // Present values churn from 75 up; the fill (median 74.5) sits on the staying side, yet
        // every customer without a value churned: only the indicator can tell the trees that.
        var rows = new List<FeatureRow>();
        var churned = new List<bool>();
        for (var i = 0; i < 150; i++)
        {
            rows.Add(Row($"P{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            churned.Add(i >= 75);
        }
        for (var i = 0; i < 60; i++)
        {
            rows.Add(Row($"M{i}", ""));
            churned.Add(true);
        }
        var vectorizer = FeatureVectorizer.Fit(rows, FeatureCatalog.For(Schema), []);
        var learner = new Learner(new MLContext(seed: 1), vectorizer.SlotCount);
        var model = learner.FitChurn([.. rows.Select(r => vectorizer.Vectorize(r, []))], churned, SmallTrees);

        var probability = learner.PredictChurn(model, [vectorizer.Vectorize(Row("new-missing", ""), []), vectorizer.Vectorize(Row("new-low", "10"), [])]);

        Assert.Equal(74.5, vectorizer.Layout.Missing!.Single().Fill);
        Assert.True(probability[0] > 0.9, $"missing: {probability[0]}");
        Assert.True(probability[1] < 0.1, $"low value: {probability[1]}");
    }

    static float[] Scores(Learner learner, ITransformer model, IReadOnlyList<float[]> features) =>
        [.. model.Transform(learner.View(features, [])).GetColumn<float>("Score")];

    static FeatureRow Row(string id, string score) =>
        FeatureBuilder.Snapshot(
            new CustomerProfile(id) { Attributes = new Dictionary<string, string> { ["score"] = score } },
            [],
            AsOf,
            new FeatureOptions { Attributes = Schema });
}
