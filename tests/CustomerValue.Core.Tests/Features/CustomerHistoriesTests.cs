using CustomerValue.Core.Data;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Tests.TestData;

namespace CustomerValue.Core.Tests.Features;

/// <summary>
/// A training run builds every snapshot from one read of the transactions (<see cref="CustomerHistories"/>) instead of a
/// pass per cutoff that stops at the cutoff's label window: each snapshot must hold the very rows, features and labels
/// bit for bit, that such a pass gives, whatever the order of the file.
/// </summary>
public sealed class CustomerHistoriesTests
{
    static readonly DateOnly[] Cutoffs = [new(2023, 1, 15), new(2023, 9, 30), new(2024, 6, 30), new(2024, 12, 31), new(2025, 12, 31)];

    [Fact]
    public void EverySnapshotEqualsThePassThatStopsAtItsLabelWindow()
    {
        var transactions = new TransactionLoader().Load(RepositoryPaths.Of("data-samples", "synthetic", "transactions.csv")).Transactions;
        var customers = new CustomerLoader().Load(RepositoryPaths.Of("data-samples", "synthetic", "customers.csv")).Customers;

        AssertSnapshotsMatch(transactions, customers, new FeatureOptions { HorizonDays = 365, LabelsByMonth = true });
    }

    [Fact]
    public void EverySnapshotOfAShuffledFileEqualsThePassThatStopsAtItsLabelWindow()
    {
        var shuffle = new Random(7);
        var transactions = new TransactionLoader().Load(RepositoryPaths.Of("data-samples", "synthetic", "transactions.csv")).Transactions
            .OrderBy(_ => shuffle.Next()).ToList();
        var customers = new CustomerLoader().Load(RepositoryPaths.Of("data-samples", "synthetic", "customers.csv")).Customers;

        AssertSnapshotsMatch(transactions, customers, new FeatureOptions { HorizonDays = 90, ChurnWindowDays = 180 });
    }

    [Fact]
    public void TheNetAmountByDaySumsEveryCustomersDayNetOfReturnsUpToTheDateGiven()
    {
        var histories = new CustomerHistories(null);
        foreach (var (customer, day, amount) in (ReadOnlySpan<(string, int, double)>)[("a", 1, 10), ("b", 1, 5), ("a", 1, -2), ("b", 2, 7), ("a", 3, 4)])
            histories.Add(new Transaction(customer, new DateTime(2024, 3, day, 12, 0, 0), amount));

        var byDay = histories.NetAmountByDay(new DateOnly(2024, 3, 2));

        Assert.Equal([new(2024, 3, 1), new(2024, 3, 2)], byDay.Keys);
        Assert.Equal([13.0, 7.0], byDay.Values);
    }

    static void AssertSnapshotsMatch(IReadOnlyList<Transaction> transactions, IReadOnlyList<CustomerProfile> customers, FeatureOptions options)
    {
        var histories = new CustomerHistories(customers);
        foreach (var transaction in transactions)
            histories.Add(transaction);
        var attributes = FeatureBuilder.Build([], customers, Cutoffs[0]).Attributes;
        options = options with { Attributes = attributes };

        foreach (var cutoff in Cutoffs)
        {
            var pass = FeatureBuilder.Build(transactions, customers, cutoff, options);
            var snapshot = histories.Snapshot(cutoff, options);

            Assert.Equal(pass.Rows.Select(r => r.Features.CustomerId), snapshot.Rows.Select(r => r.Features.CustomerId));
            Assert.Equal(pass.TransactionsRead, snapshot.TransactionsRead);
            Assert.Equal(pass.LastTransactionDate, snapshot.LastTransactionDate);
            for (var i = 0; i < pass.Rows.Count; i++)
            {
                SnapshotParityTests.AssertSameRow(pass.Rows[i].Features, snapshot.Rows[i].Features, attributes);
                var (expected, actual) = (pass.Rows[i].Labels, snapshot.Rows[i].Labels);
                Assert.Equal(expected with { SpendByMonth = null }, actual with { SpendByMonth = null });
                Assert.Equal(expected.SpendByMonth, actual.SpendByMonth);
            }
        }
    }
}
