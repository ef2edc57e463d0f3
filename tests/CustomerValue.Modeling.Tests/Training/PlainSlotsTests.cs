using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Tests.TestData;
using CustomerValue.Modeling.Training;
using Microsoft.ML;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>
/// The trees without BTYD columns read a selection of the hybrid table's slots instead of a second encoding of the same
/// rows: the selection must be that encoding, value for value, and fit the same trees.
/// </summary>
public sealed class PlainSlotsTests
{
    static readonly TreeHyperparameters SmallTrees = new(NumberOfTrees: 20, NumberOfLeaves: 8, LearningRate: 0.2, MinimumExampleCountPerLeaf: 5);

    static (IReadOnlyList<CustomerExample> Rows, FeatureSet Set) Snapshot()
    {
        var options = new TrainingOptions
        {
            TransactionsPath = RepositoryPaths.Of("data-samples", "synthetic", "transactions.csv"),
            CustomersPath = RepositoryPaths.Of("data-samples", "synthetic", "customers.csv"),
            ModelsDirectory = Path.GetTempPath(),
        };
        var input = TrainingInput.Open(options);
        var set = input.Snapshot(new DateOnly(2024, 1, 1), new FeatureOptions { HorizonDays = 180, Attributes = AttributeSchema.Infer(input.Profiles!) });
        return (set.Rows, set);
    }

    /// <summary>Rows are encoded in chunks on every core; each must be the vector one thread writes for it, in its own place.</summary>
    [Fact]
    public void RowsEncodedOnEveryCoreAreTheVectorsOfOneThread()
    {
        var (snapshot, set) = Snapshot();
        IReadOnlyList<CustomerExample> rows = [.. Enumerable.Range(0, (3 * 4_096 / snapshot.Count) + 1).SelectMany(_ => snapshot)];
        var features = snapshot.Select(e => e.Features).ToList();
        var columns = DerivedColumns.Fit(features, BtydModelKind.BgNbd, 180);
        var vectorizer = FeatureVectorizer.Fit(features, set.Catalog, columns.Columns);
        Assert.True(rows.Count > 2 * 4_096);

        var encoded = ModelTrainer.Encode(vectorizer, columns, rows);

        var (expected, actual) = (new float[vectorizer.SlotCount], new float[vectorizer.SlotCount]);
        for (var i = 0; i < rows.Count; i++)
        {
            vectorizer.Vectorize(rows[i].Features, columns.Derive(rows[i].Features).Values, expected);
            encoded.CopyRow(i, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void TheSelectedSlotsOfTheHybridTableAreThePlainEncoding()
    {
        var (rows, set) = Snapshot();
        var features = rows.Select(e => e.Features).ToList();
        var hybridColumns = DerivedColumns.Fit(features, BtydModelKind.BgNbd, 180);
        var plainColumns = DerivedColumns.Fit([], null, 180);
        var hybrid = FeatureVectorizer.Fit(features, set.Catalog, hybridColumns.Columns);
        var plain = FeatureVectorizer.Fit(features, set.Catalog, plainColumns.Columns);
        Assert.NotNull(hybridColumns.Btyd);

        var slots = plain.SlotsIn(hybrid);
        var selected = ModelTrainer.Encode(hybrid, hybridColumns, rows).Select(slots!);
        var encoded = ModelTrainer.Encode(plain, plainColumns, rows);

        Assert.Equal(plain.SlotCount, selected.Slots);
        Assert.Equal(hybrid.SlotCount - 3, selected.Slots);
        var (a, b) = (new float[plain.SlotCount], new float[plain.SlotCount]);
        for (var i = 0; i < rows.Count; i++)
        {
            selected.CopyRow(i, a);
            encoded.CopyRow(i, b);
            Assert.Equal(b, a);
        }
        var learner = new Learner(new MLContext(seed: 1), plain.SlotCount);
        var spend = rows.Select(e => e.Labels.FutureSpend).ToArray();
        Assert.Equal(
            learner.PredictClv(learner.FitClv(encoded, spend, ClvObjective.Log1p, SmallTrees), encoded),
            learner.PredictClv(learner.FitClv(selected, spend, ClvObjective.Log1p, SmallTrees), selected));
    }

    [Fact]
    public void LayoutsThatDifferInMoreThanDerivedColumnsHaveNoSelection()
    {
        var (rows, set) = Snapshot();
        var features = rows.Select(e => e.Features).ToList();
        var columns = DerivedColumns.Fit([], null, 180).Columns;
        var all = FeatureVectorizer.Fit(features, set.Catalog, columns);
        var fewer = FeatureVectorizer.Fit(features, [.. set.Catalog.Where(f => !FeatureCatalog.IsProfile(f.Name))], columns);

        Assert.Null(fewer.SlotsIn(all));
    }

    [Fact]
    public void ASelectionIsReadOnly()
    {
        var matrix = FeatureMatrix.Of([[1f, 2f, 3f], [4f, 5f, 6f]], 3);
        var selection = matrix.Select([2, 0]);
        var row = new float[2];

        selection.CopyRow(1, row);

        Assert.Equal([6f, 4f], row);
        Assert.Throws<InvalidOperationException>(() => selection.SetRow(0, row));
    }
}
