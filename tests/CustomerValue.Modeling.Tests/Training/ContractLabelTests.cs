using System.Globalization;
using System.Text;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Scoring;
using CustomerValue.Core.Serving;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>
/// A churn table without transactions trains on its own label only: without one it stops and names the column that looks
/// like it, with one class it stops, and customers without a label are left out of training and named in a note.
/// </summary>
public sealed class ContractLabelTests : IDisposable
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), "cvml-contract-labels-" + Guid.NewGuid().ToString("N"));

    public ContractLabelTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    string Models => Path.Combine(_folder, "models");

    /// <summary>300 customers whose churn depends on the plan; <paramref name="label"/> writes customer i's flag.</summary>
    TrainingOptions Table(string labelColumn, Func<int, bool, string> label)
    {
        var path = Path.Combine(_folder, "customers.csv");
        var random = new Random(11);
        var csv = new StringBuilder($"customer_id,plan,monthly,{labelColumn}\n");
        for (var i = 0; i < 300; i++)
        {
            var plan = i % 3 == 0 ? "monthly" : "yearly";
            var monthly = 20 + random.Next(80);
            var churned = random.NextDouble() < (plan == "monthly" ? 0.5 : 0.1) + monthly / 400.0;
            csv.Append(CultureInfo.InvariantCulture, $"c{i:000},{plan},{monthly},{label(i, churned)}\n");
        }
        File.WriteAllText(path, csv.ToString());
        return new TrainingOptions { CustomersPath = path, ModelsDirectory = Models, MaximumTrials = 1, Version = "contract" };
    }

    [Fact]
    public void AChurnTableWithoutALabelStopsNamingTheColumnThatLooksLikeOne()
    {
        var options = Table("Exited", (_, churned) => churned ? "1" : "0");

        var error = Assert.Throws<InvalidDataException>(() => new ModelTrainer(options).Run());

        Assert.Contains("none of its 300 customers has one", error.Message, StringComparison.Ordinal);
        Assert.Contains("""The column "Exited" looks like it: a source spec with "mapping": { "churned": "Exited" } (check it, then give it with --customers-source)""", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Models) && Directory.EnumerateFileSystemEntries(Models).Any());
    }

    [Fact]
    public void AChurnTableWhoseLabelsAreAllAlikeStops()
    {
        var options = Table("churned", (_, _) => "no");

        var error = Assert.Throws<InvalidDataException>(() => new ModelTrainer(options).Run());

        Assert.Contains("every one of the 300 labelled customers is not churned", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomersWithoutAChurnLabelAreLeftOutOfTrainingAndNamedInANote()
    {
        // Every fifth label blank: read as "no purchases observed", they were all taken for churned.
        var options = Table("churned", (i, churned) => i % 5 == 0 ? "" : churned ? "yes" : "no");

        var card = new ModelTrainer(options).Run().Card;

        Assert.Equal(240, card.Evaluation.TestRows);
        Assert.Contains(card.Notes, n => n.Contains("60 of the 300 customers have no churn label and were left out of training and evaluation", StringComparison.Ordinal));
    }

    /// <summary>
    /// A churn table's customer, scored by its bundle, is placed by the churn probability and explained by the churn
    /// model: they were all prospects in Segmentation with a welcome offer and no reasons, and every answer warned that
    /// the bundle has no RFM cut points.
    /// </summary>
    [Fact]
    public void AChurnTablesBundlePlacesItsCustomersByChurnNotAsProspects()
    {
        var result = new ModelTrainer(Table("churned", (_, churned) => churned ? "yes" : "no")).Run();
        using var model = ModelFolder.Load(result.BundlePath, ModelBundle.Load);
        var scorer = new CustomerScorer(new LifecycleOptions());
        CustomerScore Score(string plan, int monthly) => scorer.Score(model.Bundle, FeatureBuilder.SnapshotOfAmounts(
            new CustomerProfile("new") { Attributes = new Dictionary<string, string> { ["plan"] = plan, ["monthly"] = monthly.ToString(CultureInfo.InvariantCulture) } },
            [], new DateOnly(2026, 1, 1), model.Bundle.FeatureOptions), explain: true);

        var risky = Score("monthly", 99);
        var steady = Score("yearly", 20);

        Assert.True(result.Card.IsContract);
        Assert.True(risky.ChurnProbability > steady.ChurnProbability);
        Assert.All(new[] { risky, steady }, s => Assert.NotEqual(LifecycleStage.Segmentation, s.Lifecycle.Stage));
        Assert.All(new[] { risky, steady }, s => Assert.Empty(s.Warnings));
        Assert.Equal(risky.ChurnProbability >= 0.4 ? LifecycleStage.Retention : LifecycleStage.Monetization, risky.Lifecycle.Stage);
        // The reasons are the churn model's, signed toward the probability: the monthly plan is what raises it.
        Assert.Contains(risky.Reasons, r => r.Text == "plan 'monthly' raises the churn risk" && r.Contribution > 0);
        Assert.Contains(steady.Reasons, r => r.Text == "plan 'yearly' lowers the churn risk" && r.Contribution < 0);
    }
}
