using System.Globalization;
using System.Text;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

public sealed class NestedSearchTests : IDisposable
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), "cvml-nested-" + Guid.NewGuid().ToString("N"));

    public NestedSearchTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>300 contract customers whose churn depends on the plan and the monthly charge, plus seeded noise.</summary>
    TrainingOptions Contract(bool nested)
    {
        var path = Path.Combine(_folder, "customers.csv");
        var random = new Random(7);
        var csv = new StringBuilder("customer_id,plan,monthly,churned\n");
        for (var i = 0; i < 300; i++)
        {
            var plan = i % 3 == 0 ? "monthly" : "yearly";
            var monthly = 20 + random.Next(80);
            var risk = (plan == "monthly" ? 0.4 : 0.1) + monthly / 400.0;
            csv.Append(CultureInfo.InvariantCulture, $"c{i:000},{plan},{monthly},{(random.NextDouble() < risk ? "yes" : "no")}\n");
        }
        File.WriteAllText(path, csv.ToString());
        return new TrainingOptions
        {
            CustomersPath = path,
            ModelsDirectory = Path.Combine(_folder, "models"),
            MaximumTrials = 2,
            NestedSearch = nested,
            Version = nested ? "nested" : "single",
        };
    }

    [Fact]
    public void SmallKFoldDataIsSearchedAgainInsideEveryFoldAndOnceForTheFinalModels()
    {
        var card = new ModelTrainer(Contract(nested: true)).Run().Card;

        Assert.Equal("k-fold", card.Evaluation.Method);
        Assert.Equal([0, 1, 2, 3, 4], card.Evaluation.NestedSearch!.Select(c => c.Fold));
        Assert.Equal(6 * 2, card.Evaluation.ConfigurationsTried);
        Assert.Equal(2, card.Evaluation.Search.Count);
        Assert.All(card.Evaluation.NestedSearch!, c => Assert.InRange(c.ChurnValidationAuc, 0.5, 1));
        Assert.All(card.Evaluation.NestedSearch!, c => Assert.Null(c.ClvHyperparameters));
        Assert.Contains("nested", card.Evaluation.SearchValidation, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutNestingOneSearchOnTheFirstFoldChoosesForEveryFold()
    {
        var card = new ModelTrainer(Contract(nested: false)).Run().Card;

        Assert.Null(card.Evaluation.NestedSearch);
        Assert.Equal(2, card.Evaluation.ConfigurationsTried);
        Assert.DoesNotContain("nested", card.Evaluation.SearchValidation, StringComparison.Ordinal);
    }

    [Fact]
    public void ContractDataIsNotToldItsTransactionsEndBeforeALabelWindow()
    {
        // The churn label is the file's own column: there are no transactions, and no window after a cutoff to cover.
        var card = new ModelTrainer(Contract(nested: false) with { Version = "contract-notes" }).Run().Card;

        Assert.DoesNotContain(card.Notes, n => n.Contains("label window", StringComparison.Ordinal));
    }
}
