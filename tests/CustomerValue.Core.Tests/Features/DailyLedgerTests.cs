using CustomerValue.Core.Features;

namespace CustomerValue.Core.Tests.Features;

public sealed class DailyLedgerTests
{
    [Fact]
    public void OutOfOrderDaysAreMergedAndSorted()
    {
        var ledger = new DailyLedger();
        int[] days = [5, 3, 5, 1, 3, 3, 9, 1, 5, 7, 2, 9];
        foreach (var day in days)
            ledger.Add(day, day * 10);

        var merged = ledger.Days().ToArray();

        Assert.Equal(
            [new(1, 20), new(2, 20), new(3, 90), new(5, 150), new(7, 70), new(9, 180)],
            merged);
    }

    [Fact]
    public void ManyTransactionsOnFewDaysKeepTheLedgerSmall()
    {
        var ledger = new DailyLedger();
        for (var i = 0; i < 10_000; i++)
            ledger.Add(i % 3 == 0 ? 100 : 50 + (i % 2), 1);

        var merged = ledger.Days().ToArray();

        Assert.Equal([new(50, 3333), new(51, 3333), new(100, 3334)], merged);
    }
}
