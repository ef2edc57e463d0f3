using CustomerValue.Core.Data;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Tests.TestData;

namespace CustomerValue.Core.Tests.Features;

/// <summary>
/// <see cref="FeatureBuilder.Snapshot"/> collapses one customer's days on the stack instead of in the
/// batch pass's ledgers: every customer of a real sample must still get, column for column, the row
/// <see cref="FeatureBuilder.Build"/> gives them.
/// </summary>
public sealed class SnapshotParityTests
{
    [Fact]
    public void SnapshotGivesEveryCdnowCustomerTheBatchRowInEveryColumn()
    {
        var transactions = CdnowSample.Transactions().ToList();
        var cutoff = new DateOnly(1997, 9, 30);

        var batch = FeatureBuilder.Build(transactions, profiles: null, cutoff);

        var histories = transactions.ToLookup(t => t.CustomerId, StringComparer.Ordinal);
        Assert.True(batch.Rows.Count > 2000);
        Assert.All(batch.Rows, example => AssertSameRow(
            example.Features, FeatureBuilder.Snapshot(null, [.. histories[example.Features.CustomerId]], cutoff), batch.Attributes));
    }

    [Fact]
    public void SnapshotGivesEverySyntheticCustomerTheBatchRowInEveryColumn()
    {
        var transactions = new TransactionLoader().Load(RepositoryPaths.Of("data-samples", "synthetic", "transactions.csv")).Transactions;
        var customers = new CustomerLoader().Load(RepositoryPaths.Of("data-samples", "synthetic", "customers.csv"));
        var cutoff = new DateOnly(2025, 1, 31);

        var batch = FeatureBuilder.Build(transactions, customers.Customers, cutoff);

        var histories = transactions.ToLookup(t => t.CustomerId, StringComparer.Ordinal);
        var profiles = customers.Customers.ToDictionary(c => c.CustomerId, StringComparer.Ordinal);
        var options = new FeatureOptions { Attributes = batch.Attributes };
        Assert.NotEmpty(batch.Attributes.NumericNames);
        Assert.NotEmpty(batch.Attributes.CategoricalNames);
        Assert.Contains(batch.Rows, r => r.Features.IsProspect);
        Assert.All(batch.Rows, example => AssertSameRow(
            example.Features,
            FeatureBuilder.Snapshot(profiles[example.Features.CustomerId], [.. histories[example.Features.CustomerId]], cutoff, options),
            batch.Attributes));
        // The API's path: the same histories as days and amounts.
        Assert.All(batch.Rows, example => AssertSameRow(
            example.Features,
            FeatureBuilder.SnapshotOfAmounts(profiles[example.Features.CustomerId], Amounts(histories[example.Features.CustomerId]), cutoff, options),
            batch.Attributes));
    }

    [Fact]
    public void SnapshotOfAHistoryTooLongForTheStackMatchesTheBatchRow()
    {
        var cutoff = new DateOnly(2024, 12, 31);
        // 300 transactions on 150 days, newest first: unsorted, repeated days, a return among them.
        Transaction[] history =
        [
            .. Enumerable.Range(0, 300).Select(i => new Transaction(
                "long", cutoff.AddDays(-(i / 2) * 3).ToDateTime(new TimeOnly(i % 2 * 9, 0)), i % 37 == 0 ? -4.5 : 10 + (i % 7))),
        ];

        var single = FeatureBuilder.Snapshot(null, history, cutoff);
        var batch = FeatureBuilder.Build(history, profiles: null, cutoff);

        Assert.Equal(batch.Rows.Single().Features, single);
    }

    [Fact]
    public void SnapshotOfAmountsOfAHistoryTooLongForTheStackMatchesTheTransactionSnapshot()
    {
        var cutoff = new DateOnly(2024, 12, 31);
        // 300 entries on 150 days, newest first, a return among them, and some after the cutoff.
        Transaction[] history =
        [
            .. Enumerable.Range(0, 300).Select(i => new Transaction(
                "long", cutoff.AddDays(-(i / 2) * 3 + 6).ToDateTime(new TimeOnly(i % 2 * 9, 0)), i % 37 == 0 ? -4.5 : 10 + (i % 7))),
        ];
        var profile = new CustomerProfile("long") { Channel = "email" };

        Assert.Equal(FeatureBuilder.Snapshot(profile, history, cutoff), FeatureBuilder.SnapshotOfAmounts(profile, Amounts(history), cutoff));
        Assert.Equal(FeatureBuilder.Snapshot(profile, history[..40], cutoff), FeatureBuilder.SnapshotOfAmounts(profile, Amounts(history[..40]), cutoff));
    }

    [Fact]
    public void SnapshotOfAmountsRejectsANonFiniteAmountNamingTheCustomerAndDay()
    {
        var error = Assert.Throws<ArgumentException>(() => FeatureBuilder.SnapshotOfAmounts(
            new CustomerProfile("c-1"), [new DatedAmount(new DateOnly(2024, 3, 1), double.NaN)], new DateOnly(2024, 12, 31)));

        Assert.Contains("'c-1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("2024-03-01", error.Message, StringComparison.Ordinal);
    }

    static DatedAmount[] Amounts(IEnumerable<Transaction> history) =>
        [.. history.Select(t => new DatedAmount(DateOnly.FromDateTime(t.Timestamp), t.Amount))];

    internal static void AssertSameRow(FeatureRow expected, FeatureRow actual, Core.Features.AttributeSchema attributes)
    {
        Assert.Equal(expected.CustomerId, actual.CustomerId);
        Assert.Equal(expected.AsOf, actual.AsOf);
        foreach (var column in FeatureCatalog.For(attributes))
        {
            if (column.Kind == FeatureKind.Numeric)
                Assert.True(expected.GetNumeric(column.Name).Equals(actual.GetNumeric(column.Name)),
                    $"{expected.CustomerId} {column.Name}: batch {expected.GetNumeric(column.Name)}, snapshot {actual.GetNumeric(column.Name)}");
            else
                Assert.True(expected.GetCategorical(column.Name) == actual.GetCategorical(column.Name),
                    $"{expected.CustomerId} {column.Name}: batch '{expected.GetCategorical(column.Name)}', snapshot '{actual.GetCategorical(column.Name)}'");
        }
    }
}
