using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Modeling.Synthetic;
using CustomerValue.Modeling.Tests.TestData;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>
/// Generated bases on which training crashed with an unhandled ArithmeticException from a ₂F₁ series that did not
/// converge: the BG/NBD fit on a young monthly snapshot runs along a ridge where the dropout's Beta(a, b) (seed 17,
/// 600 customers: a ≈ 10⁵, b ≈ 2·10⁶; seed 1, 300 customers) or the rate's Gamma(r, α) (seed 19, 600 customers:
/// r ≈ 3·10⁷) becomes a point mass.
/// </summary>
public sealed class DegenerateBtydFitTests : IDisposable
{
    readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    string Generate(int customers = 600, int seed = 17)
    {
        var data = Path.Combine(_folder.Path, "data");
        SyntheticDatasetWriter.Write(new SyntheticDataOptions { Customers = customers, Seed = seed }, data);
        return data;
    }

    [Fact]
    public void TrainingOnABaseWhoseYoungSnapshotFitsRunToTheRidgeCompletes()
    {
        var data = Generate();
        var options = new TrainingOptions
        {
            TransactionsPath = Path.Combine(data, SyntheticFiles.TransactionsFile),
            CustomersPath = Path.Combine(data, SyntheticFiles.CustomersFile),
            ModelsDirectory = Path.Combine(_folder.Path, "models"),
            Hyperparameters = new TreeHyperparameters(20, 8, 0.2, 10),
            Version = "seed17",
        };

        var card = new ModelTrainer(options).Run().Card;

        Assert.NotNull(card.Btyd);
        Assert.Null(card.Btyd!.UnusableReason);
        Assert.NotNull(card.Clv);
    }

    [Theory]
    [InlineData(600, 17)]
    [InlineData(600, 19)]
    [InlineData(300, 1)]
    public void EveryMonthlySnapshotGivesFiniteBtydColumnsAndOneOfThemIsOnARidge(int customers, int seed)
    {
        var data = Generate(customers, seed);
        var input = TrainingInput.Open(new TrainingOptions
        {
            TransactionsPath = Path.Combine(data, SyntheticFiles.TransactionsFile),
            ModelsDirectory = Path.Combine(_folder.Path, "models"),
        });
        var transactions = input.Transactions().ToList();
        var largest = 0.0;

        for (var month = new DateOnly(2023, 1, 31); month <= new DateOnly(2025, 12, 31); month = month.AddDays(1).AddMonths(1).AddDays(-1))
        {
            var rows = FeatureBuilder.Build(transactions, null, month).Rows.Select(r => r.Features).ToList();
            var btyd = BtydFeatureModel.Fit(rows);
            if (!btyd.IsUsable)
            {
                Assert.False(string.IsNullOrWhiteSpace(btyd.Reason));
                continue;
            }

            largest = Math.Max(largest, Math.Max(btyd.Parameters.Transactions["a"], btyd.Parameters.Transactions["r"]));
            foreach (var row in rows.Where(r => !r.IsProspect))
            {
                Assert.True(double.IsFinite(btyd.ProbabilityAlive(row)), $"P(alive) of {row.CustomerId} as of {month}");
                Assert.True(double.IsFinite(btyd.ExpectedPurchases(row, 365)), $"expected purchases of {row.CustomerId} as of {month}");
                Assert.True(btyd.DaysToNextPurchase(row, 365) is null or (>= 0 and <= 365), $"next purchase of {row.CustomerId} as of {month}");
                var spend = btyd.ExpectedSpend(row, 365);
                Assert.True(double.IsFinite(spend) || !btyd.IsSpendUsable, $"expected spend of {row.CustomerId} as of {month}");
            }
        }

        Assert.True(largest > 1e4, $"no snapshot's fit reached a ridge (largest a or r {largest:G4}); the test no longer covers it");
    }
}
