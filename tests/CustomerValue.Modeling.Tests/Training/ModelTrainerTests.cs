using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Tests.TestData;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

public sealed class ModelTrainerTests : IDisposable
{
    readonly string _models = Path.Combine(Path.GetTempPath(), "cvml-train-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_models))
            Directory.Delete(_models, recursive: true);
    }

    TrainingOptions Small(string version, TreeHyperparameters? hp = null) => new()
    {
        TransactionsPath = RepositoryPaths.Of("data-samples", "synthetic", "transactions.csv"),
        CustomersPath = RepositoryPaths.Of("data-samples", "synthetic", "customers.csv"),
        ModelsDirectory = _models,
        Hyperparameters = hp ?? new TreeHyperparameters(40, 8, 0.1, 20),
        Version = version,
    };

    [Fact]
    public void TrainingOnTheGeneratedSampleWritesABundleWithACompleteCard()
    {
        var result = new ModelTrainer(Small("v1") with { TruthPath = RepositoryPaths.Of("data-samples", "synthetic", "truth.csv") }).Run();

        var card = ModelCard.FromJson(File.ReadAllText(Path.Combine(result.BundlePath, ModelCard.FileName)), "card");
        Assert.Equal("v1", card.Version);
        Assert.Equal("v1", ModelPointer.Read(_models));
        Assert.True(File.Exists(Path.Combine(result.BundlePath, ModelBundle.ClvFile)));
        Assert.True(File.Exists(Path.Combine(result.BundlePath, ModelBundle.ChurnFile)));
        Assert.True(File.Exists(Path.Combine(result.BundlePath, "report.md")));
        Assert.True(File.Exists(Path.Combine(result.BundlePath, "charts", "decile-lift.png")));
        Assert.Equal(2, card.Data.Inputs.Count);
        Assert.All(card.Data.Inputs, i => Assert.Equal(64, i.Sha256.Length));
        Assert.Equal(new DateOnly(2024, 12, 31), card.Cutoff);
        Assert.Equal(365, card.HorizonDays);
        Assert.Equal("out-of-time", card.Evaluation.Method);
        Assert.NotEmpty(card.Features);
        Assert.Contains(card.Vector.Categorical, v => v.Column == "channel");
        Assert.Contains("recency_days", card.Distributions.Keys);
        Assert.NotNull(card.Clv);
        Assert.Equal(2, card.Clv!.ObjectiveComparison.Count);
        Assert.InRange(card.Clv.Metrics.NormalizedGini, 0.5, 1);
        Assert.InRange(card.Churn.Metrics.Auc, 0.7, 1);
        Assert.Equal(["bgnbd-gamma-gamma", "historic-formula", "rfm-cell-mean", "first-order-value", "last-period-spend"], card.Baselines.Select(b => b.Name));
        Assert.Equal(["btyd-no-purchase", "recency", "best-single-feature"], card.ChurnBaselines.Select(b => b.Name));
        Assert.NotNull(card.Btyd);
        Assert.Equal(["historic_value", "btyd_p_alive", "btyd_expected_purchases", "btyd_expected_spend"], card.Vector.Derived);
        Assert.NotNull(card.Hybrid);
        Assert.InRange(card.Clv.BlendWeight, 0, 1);
        Assert.NotNull(card.Orders);
        Assert.NotNull(card.Truth);
        Assert.True(card.Truth!.OracleR2 > card.Truth.ModelR2);
        Assert.Contains(card.Grade, new[] { "A", "B", "C" });
        Assert.NotNull(card.ColdStart);
        Assert.InRange(card.Clv.Interval.Coverage, 0.5, 1);
        Assert.Contains("Microsoft.ML", card.LibraryVersions.Keys);
        Assert.NotNull(card.Rfm);
        Assert.True(card.Champion!.Promoted);
    }

    [Fact]
    public void AFailureMidwayLeavesTheCurrentPointerAndNoHalfWrittenBundle()
    {
        new ModelTrainer(Small("v1")).Run();
        var failing = Small("v2") with
        {
            BeforeStage = stage =>
            {
                if (stage == TrainingStage.Writing)
                    throw new IOException("disk full");
            },
        };

        Assert.Throws<IOException>(() => new ModelTrainer(failing).Run());

        Assert.Equal("v1", ModelPointer.Read(_models));
        Assert.False(Directory.Exists(Path.Combine(_models, "v2")));
        Assert.Empty(Directory.GetDirectories(_models, ".tmp-*"));
    }

    [Fact]
    public void AWorseChallengerIsNotPromotedUnlessPromoteAlwaysIsGiven()
    {
        new ModelTrainer(Small("champion")).Run();
        var weak = new TreeHyperparameters(1, 2, 0.01, 500);

        var challenger = new ModelTrainer(Small("weak", weak)).Run();
        var forced = new ModelTrainer(Small("weak-forced", weak) with { Promote = PromotionPolicy.Always }).Run();

        Assert.False(challenger.Promoted);
        Assert.Contains("worse than the current model", challenger.Card.Champion!.Reason);
        Assert.True(Directory.Exists(challenger.BundlePath));
        Assert.True(forced.Promoted);
        Assert.StartsWith("--promote always, overriding: worse than the current model", forced.Card.Champion!.Reason);
        Assert.Equal("always", forced.Card.Champion.Policy);
        Assert.Equal("weak-forced", ModelPointer.Read(_models));
    }

    [Fact]
    public void ACustomersFileTotalComputedFromTheWholeHistoryIsLeftOutAndNamedInTheNotes()
    {
        // A CRM export made at the data's end: each customer's net spend over every transaction, the horizon's included.
        var spent = File.ReadLines(RepositoryPaths.Of("data-samples", "synthetic", "transactions.csv")).Skip(1)
            .Select(line => line.Split(','))
            .GroupBy(f => f[0], f => double.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Sum());
        Directory.CreateDirectory(_models);
        var customers = Path.Combine(_models, "customers-with-totals.csv");
        File.WriteAllLines(customers, File.ReadLines(RepositoryPaths.Of("data-samples", "synthetic", "customers.csv"))
            .Select((line, i) => i == 0 ? line + ",total_spent" : line + "," + spent.GetValueOrDefault(line.Split(',')[0]).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));

        var result = new ModelTrainer(Small("v1") with { CustomersPath = customers }).Run();

        Assert.Equal(["loyalty_points"], result.Card.NumericAttributes);
        Assert.DoesNotContain(result.Card.Features, f => f.Name == "attr_total_spent");
        Assert.Contains(result.Card.Notes, n => n.StartsWith("profile attribute 'total_spent' left out as a likely leak", StringComparison.Ordinal));
    }
}
