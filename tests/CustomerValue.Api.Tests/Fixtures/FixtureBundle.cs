using System.Security.Cryptography;
using CustomerValue.Core.Data;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Models.Evaluation;
using CustomerValue.Core.Segmentation;
using Microsoft.ML;
using Microsoft.ML.Data;
using RegressionMetrics = CustomerValue.Core.Models.Evaluation.RegressionMetrics;

namespace CustomerValue.Api.Tests.Fixtures;

/// <summary>
/// A small but real model bundle trained once per test run on the shipped synthetic sample:
/// features at cutoff 2024-12-31, labels over the 365 days after, FastTree CLV (Tweedie) and churn
/// models, and a model card with metrics measured on held-out customers. Tests copy it into their
/// own models folder with <see cref="Publish"/>.
/// </summary>
/// <remarks>
/// This is the one place that knows how a bundle is made; when the trainer in Core lands, this
/// class should call it instead.
/// </remarks>
public sealed class FixtureBundle : IDisposable
{
    public static readonly DateOnly Cutoff = new(2024, 12, 31);
    public const int HorizonDays = 365;
    public const string Version = "fixture-1";

    static readonly TreeHyperparameters Trees = new(NumberOfTrees: 20, NumberOfLeaves: 8, LearningRate: 0.2, MinimumExampleCountPerLeaf: 10);

    readonly string _directory = Path.Combine(Path.GetTempPath(), "cvml-api-fixture-" + Guid.NewGuid().ToString("N"));

    public FixtureBundle()
    {
        Directory.CreateDirectory(_directory);
        var samples = Path.Combine(RepositoryRoot.Find(), "data-samples", "synthetic");
        var transactionsPath = Path.Combine(samples, "transactions.csv");
        var customersPath = Path.Combine(samples, "customers.csv");
        var transactions = new TransactionLoader().Load(transactionsPath);
        var customers = new CustomerLoader().Load(customersPath);
        var featureSet = FeatureBuilder.Build(transactions.Transactions, customers.Customers, Cutoff,
            new FeatureOptions
            {
                HorizonDays = HorizonDays,
                Attributes = new Core.Features.AttributeSchema(customers.Schema.Numeric.Select(a => a.Name), customers.Schema.Categorical.Select(a => a.Name)),
            });
        Card = Train(featureSet, transactions, customers, transactionsPath, customersPath);
    }

    public ModelCard Card { get; }

    /// <summary>The device values the fixture's model has its own slot for.</summary>
    public IReadOnlyList<string> Devices =>
        Card.Vector.Categorical.Single(v => v.Column == FeatureColumns.Device).Values;

    /// <summary>Copies the bundle into <paramref name="modelsDirectory"/>/<paramref name="version"/>; does not touch the pointer.</summary>
    public string Publish(string modelsDirectory, string version)
    {
        var target = Directory.CreateDirectory(Path.Combine(modelsDirectory, version)).FullName;
        foreach (var file in Directory.GetFiles(_directory))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        File.WriteAllText(Path.Combine(target, ModelCard.FileName), (Card with { Version = version }).ToJson());
        return target;
    }

    ModelCard Train(FeatureSet featureSet, TransactionSet transactions, CustomerTable customers, string transactionsPath, string customersPath)
    {
        var ml = new MLContext(seed: 1);
        var rows = featureSet.Rows;
        // Held-out customers by id (the rows are ordered by id, and ids carry no signal): every fifth.
        var train = rows.Where((_, i) => i % 5 != 0).ToList();
        var test = rows.Where((_, i) => i % 5 == 0).ToList();
        var vectorizer = FeatureVectorizer.Fit([.. train.Select(r => r.Features)], featureSet.Catalog, derivedColumns: []);
        var schema = ModelRow.Schema(vectorizer.SlotCount);

        var clvRows = train.Select(r => new ModelRow
        {
            Features = vectorizer.Vectorize(r.Features, []),
            Label = ClvScale.ToTarget(ClvObjective.Tweedie, r.Labels.FutureSpend),
        }).ToList();
        var clvData = ml.Data.LoadFromEnumerable(clvRows, schema);
        var clv = ModelPipelines.Clv(ml, ClvObjective.Tweedie, Trees).Fit(clvData);
        ml.Model.Save(clv, clvData.Schema, Path.Combine(_directory, ModelBundle.ClvFile));

        // Binary trainers need a Boolean label, which ModelRow (float) does not have; the saved model
        // reads only the feature vector, so serving still feeds it ModelRow.
        var churnRows = train.Select(r => new ChurnTrainingRow
        {
            Features = vectorizer.Vectorize(r.Features, []),
            Label = r.Labels.Churned,
        }).ToList();
        var churnSchema = SchemaDefinition.Create(typeof(ChurnTrainingRow));
        churnSchema[nameof(ChurnTrainingRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, vectorizer.SlotCount);
        var churnData = ml.Data.LoadFromEnumerable(churnRows, churnSchema);
        var churn = ModelPipelines.Churn(ml, Trees).Fit(churnData);
        ml.Model.Save(churn, churnData.Schema, Path.Combine(_directory, ModelBundle.ChurnFile));

        var (clvMetrics, bands, coverage, churnMetrics) = Evaluate(ml, clv, churn, vectorizer, test);
        var rfm = RfmScorer.Fit(train.Select(r => r.Features).Select(f =>
            new RfmValues(f.IsProspect ? null : f.RecencyDays, f.Frequency, f.TotalSpend)));
        var grade = ModelGrading.Grade(clvMetrics.NormalizedGini, []);

        return new ModelCard
        {
            Version = Version,
            CreatedAt = DateTimeOffset.UtcNow,
            Data = new DataFingerprint(
                [Input("transactions", transactionsPath, transactions.Report.RowsRead), Input("customers", customersPath, customers.Report.RowsRead)],
                transactions.Report.RowsRead + customers.Report.RowsRead,
                transactions.Report.RowsLoaded + customers.Report.RowsLoaded,
                transactions.Report.RowsRejected + customers.Report.RowsRejected,
                rows.Count),
            Cutoff = Cutoff,
            HorizonDays = HorizonDays,
            ChurnWindowDays = featureSet.ChurnWindowDays,
            PostalRegionLength = FeatureOptions.Default.PostalRegionLength,
            Mode = "transactions",
            Features = featureSet.Catalog,
            NumericAttributes = featureSet.Attributes.NumericNames,
            CategoricalAttributes = featureSet.Attributes.CategoricalNames,
            Vector = vectorizer.Layout,
            Distributions = Distributions(featureSet),
            Rfm = rfm.Breakpoints,
            Clv = new ClvModelCard(ModelBundle.ClvFile, ClvObjective.Tweedie, "test fixture: Tweedie only, no comparison run", Trees,
                Smearing: 1, clvMetrics, [], [], new IntervalCard(bands, coverage, test.Count, "residual quantiles per band, fitted and measured on the same held-out fifth (test fixture)")),
            Churn = new ChurnModelCard(ModelBundle.ChurnFile, Trees, 0.5, churnMetrics, []),
            Evaluation = new EvaluationCard("holdout", "every fifth customer by id held out; no hyperparameter search (API test fixture)",
                TrainCutoff: null, TestCutoff: Cutoff, train.Count, test.Count, Folds: null, SearchSeconds: 0, ConfigurationsTried: 1, Search: []),
            Grade = grade.ToString(),
            GradeReason = $"normalized Gini {clvMetrics.NormalizedGini:0.###} against random ordering (no baselines run by the fixture)",
            LibraryVersions = new Dictionary<string, string>
            {
                ["Microsoft.ML"] = typeof(MLContext).Assembly.GetName().Version?.ToString() ?? "unknown",
            },
            Notes = ["Trained by the API test fixture on data-samples/synthetic; not a production model."],
        };
    }

    static (RegressionMetrics, IReadOnlyList<IntervalBand>, double, BinaryMetrics) Evaluate(
        MLContext ml, ITransformer clv, ITransformer churn, FeatureVectorizer vectorizer, IReadOnlyList<CustomerExample> test)
    {
        var schema = ModelRow.Schema(vectorizer.SlotCount);
        using var clvEngine = ml.Model.CreatePredictionEngine<ModelRow, RegressionScore>(clv, inputSchemaDefinition: schema);
        using var churnEngine = ml.Model.CreatePredictionEngine<ModelRow, BinaryScore>(churn, inputSchemaDefinition: schema);
        var predicted = new double[test.Count];
        var actual = new double[test.Count];
        var probability = new double[test.Count];
        var churned = new bool[test.Count];
        for (var i = 0; i < test.Count; i++)
        {
            var row = new ModelRow { Features = vectorizer.Vectorize(test[i].Features, []) };
            predicted[i] = ClvScale.ToValue(ClvObjective.Tweedie, clvEngine.Predict(row).Score, 1);
            actual[i] = test[i].Labels.FutureSpend;
            probability[i] = Math.Clamp(churnEngine.Predict(row).Probability, 0f, 1f);
            churned[i] = test[i].Labels.Churned;
        }
        var bands = PredictionInterval.FitBands(predicted, actual);
        var coverage = PredictionInterval.Coverage(new IntervalCard(bands, 0, 0, ""), predicted, actual);
        return (RegressionEvaluator.Evaluate(predicted, actual), bands, coverage, BinaryEvaluator.Evaluate(probability, churned));
    }

    static Dictionary<string, FeatureDistribution> Distributions(FeatureSet featureSet)
    {
        var result = new Dictionary<string, FeatureDistribution>(StringComparer.Ordinal);
        foreach (var feature in featureSet.Catalog)
        {
            if (feature.Kind == FeatureKind.Numeric)
            {
                var values = featureSet.Rows.Select(r => r.Features.GetNumeric(feature.Name)).ToList();
                var present = values.Where(double.IsFinite).ToList();
                result[feature.Name] = new FeatureDistribution(values.Count, values.Count - present.Count,
                    Mean: present.Count > 0 ? present.Average() : null,
                    Min: present.Count > 0 ? present.Min() : null,
                    Max: present.Count > 0 ? present.Max() : null);
            }
            else
            {
                var values = featureSet.Rows.Select(r => r.Features.GetCategorical(feature.Name)).ToList();
                var top = values.Where(v => v.Length > 0).GroupBy(v => v, StringComparer.Ordinal)
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(20)
                    .ToDictionary(g => g.Key, g => (double)g.Count() / values.Count, StringComparer.Ordinal);
                result[feature.Name] = new FeatureDistribution(values.Count, values.Count(v => v.Length == 0), TopValues: top);
            }
        }
        return result;
    }

    static InputFile Input(string role, string path, long rows)
    {
        var bytes = File.ReadAllBytes(path);
        return new InputFile(role, Path.GetFileName(path), Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length, rows);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run over.
        }
    }

    public sealed class ChurnTrainingRow
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }
}

[CollectionDefinition(Name)]
public sealed class FixtureBundleCollection : ICollectionFixture<FixtureBundle>
{
    public const string Name = "Fixture model bundle";
}
