using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Modeling.Synthetic;
using CustomerValue.Modeling.Tests.TestData;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>
/// The generated base with seed 17 and 600 customers: the BG/NBD fit on one of its young monthly snapshots runs along the
/// ridge where the dropout's Beta(a, b) becomes a point mass (a ≈ 10⁵, b ≈ 2·10⁶), where training crashed with an
/// unhandled ArithmeticException from a ₂F₁ series that did not converge.
/// </summary>
public sealed class DegenerateBtydFitTests : IDisposable
{
    readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    string Generate()
    {
        var data = Path.Combine(_folder.Path, "data");
        SyntheticDatasetWriter.Write(new SyntheticDataOptions { Customers = 600, Seed = 17 }, data);
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

    [Fact]
    public void EveryMonthlySnapshotGivesFiniteOrMissingBtydColumnsAndOneOfThemIsOnTheRidge()
    {
        var data = Generate();
        var input = TrainingInput.Open(new TrainingOptions
        {
            TransactionsPath = Path.Combine(data, SyntheticFiles.TransactionsFile),
            ModelsDirectory = Path.Combine(_folder.Path, "models"),
        });
        var transactions = input.Transactions().ToList();
        var largestA = 0.0;

        for (var month = new DateOnly(2023, 1, 31); month <= new DateOnly(2025, 12, 31); month = month.AddDays(1).AddMonths(1).AddDays(-1))
        {
            var rows = FeatureBuilder.Build(transactions, null, month).Rows.Select(r => r.Features).ToList();
            var btyd = BtydFeatureModel.Fit(rows);
            if (!btyd.IsUsable)
            {
                Assert.False(string.IsNullOrWhiteSpace(btyd.Reason));
                continue;
            }

            largestA = Math.Max(largestA, btyd.Parameters.Transactions["a"]);
            foreach (var row in rows.Where(r => !r.IsProspect))
            {
                Assert.True(double.IsFinite(btyd.ProbabilityAlive(row)), $"P(alive) of {row.CustomerId} as of {month}");
                Assert.True(double.IsFinite(btyd.ExpectedPurchases(row, 365)), $"expected purchases of {row.CustomerId} as of {month}");
                Assert.True(btyd.DaysToNextPurchase(row, 365) is null or (>= 0 and <= 365), $"next purchase of {row.CustomerId} as of {month}");
                var spend = btyd.ExpectedSpend(row, 365);
                Assert.True(double.IsFinite(spend) || !btyd.IsSpendUsable, $"expected spend of {row.CustomerId} as of {month}");
            }
        }

        Assert.True(largestA > 1e4, $"no snapshot's fit reached the ridge (largest a {largestA:G4}); the test no longer covers it");
    }
}
