using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Api.Tests.Fixtures;

/// <summary>
/// A small but real model bundle, made once per test run by the real trainer on the shipped
/// synthetic sample (cutoff 2024-12-31, horizon 365 days, out-of-time evaluation, BTYD features,
/// fixed small trees so the run is quick). Tests copy it into their own models folder with <see cref="Publish"/>.
/// </summary>
public sealed class FixtureBundle : IDisposable
{
    public static readonly DateOnly Cutoff = new(2024, 12, 31);
    public const int HorizonDays = 365;
    public const string Version = "fixture-1";

    readonly string _directory = Path.Combine(Path.GetTempPath(), "cvml-api-fixture-" + Guid.NewGuid().ToString("N"));
    readonly string _bundle;

    public FixtureBundle()
    {
        var samples = Path.Combine(RepositoryRoot.Find(), "data-samples", "synthetic");
        var result = new ModelTrainer(new TrainingOptions
        {
            TransactionsPath = Path.Combine(samples, "transactions.csv"),
            CustomersPath = Path.Combine(samples, "customers.csv"),
            ModelsDirectory = _directory,
            Cutoff = Cutoff,
            HorizonDays = HorizonDays,
            Hyperparameters = new TreeHyperparameters(NumberOfTrees: 20, NumberOfLeaves: 8, LearningRate: 0.2, MinimumExampleCountPerLeaf: 10),
            Version = Version,
        }).Run();
        Card = result.Card;
        _bundle = result.BundlePath;
    }

    public ModelCard Card { get; }

    /// <summary>The device values the fixture's model has its own slot for.</summary>
    public IReadOnlyList<string> Devices =>
        Card.Vector.Categorical.Single(v => v.Column == FeatureColumns.Device).Values;

    /// <summary>Copies the bundle into <paramref name="modelsDirectory"/>/<paramref name="version"/>; does not touch the pointer.</summary>
    public string Publish(string modelsDirectory, string version)
    {
        var target = Directory.CreateDirectory(Path.Combine(modelsDirectory, version)).FullName;
        foreach (var file in Directory.GetFiles(_bundle))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        File.WriteAllText(Path.Combine(target, ModelCard.FileName), (Card with { Version = version }).ToJson());
        return target;
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
}

[CollectionDefinition(Name)]
public sealed class FixtureBundleCollection : ICollectionFixture<FixtureBundle>
{
    public const string Name = "Fixture model bundle";
}
