using CustomerValue.Core.Domain;
using CustomerValue.Core.Store;

namespace CustomerValue.Core.Tests.Store;

public sealed class RunTotalsTests
{
    static RunTotals TotalsOf(params ScoredCustomer[] rows)
    {
        var totals = new RunTotals();
        foreach (var row in rows)
            totals.Add(row, row.Stage.ToString(), row.RfmSegment ?? "");
        return totals;
    }

    static ScoredCustomer Row(string id, double value = 10) => Scored.Customer(id, LifecycleStage.Retention, value, 0.5);

    [Fact]
    public void RowsCoverTheRunOnlyWhenAllOfThemCameInTheKeysUtf8Order()
    {
        // UTF-16 puts the surrogates of U+10000 before U+FF5E; SQLite's BINARY collation compares UTF-8, which does not.
        var inUtf8Order = TotalsOf(Row("a\uFF5E"), Row("a\U00010000"), Row("b"));
        var inUtf16Order = TotalsOf(Row("a\U00010000"), Row("a\uFF5E"), Row("b"));
        var repeated = TotalsOf(Row("a"), Row("a"));

        Assert.True(inUtf8Order.Covers(3));
        Assert.False(inUtf8Order.Covers(4));
        Assert.False(inUtf16Order.Covers(3));
        Assert.False(repeated.Covers(2));
    }

    [Fact]
    public void SumsAreCompensatedAsSqlitesAndAStoredMinusZeroAddsAsZero()
    {
        var totals = TotalsOf(Row("a", 1e16), Row("b", 1), Row("c", -1e16));
        var zeros = TotalsOf(Row("a", -0.0) with { Stage = LifecycleStage.Recovery }, Row("b", -0.0) with { Stage = LifecycleStage.Recovery });

        var retention = totals.Groups().Single(g => g.Dimension == "stage");
        var recovery = zeros.Groups().Single(g => g.Dimension == "stage");

        // A plain running sum loses the 1 between the two large values and gives 0.
        Assert.Equal(new SummaryGroup("stage", "Retention", 3, 1.0 / 3, 0.5, 0.5), retention);
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(recovery.MeanPredictedValue));
    }
}
