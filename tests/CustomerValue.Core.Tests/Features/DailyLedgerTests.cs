using CustomerValue.Core.Features;

namespace CustomerValue.Core.Tests.Features;

public sealed class DailyLedgerTests
{
    [Fact]
    public void OutOfOrderDaysAreMergedAndSorted()
    {
        var arena = new DayArena(firstSegmentLength: 8);
        var ledger = new DailyLedger();
        int[] days = [5, 3, 5, 1, 3, 3, 9, 1, 5, 7, 2, 9];
        foreach (var day in days)
            ledger.Add(arena, day, day * 10);

        var merged = ledger.Days(arena).ToArray();

        Assert.Equal(
            [new(1, 20), new(2, 20), new(3, 90), new(5, 150), new(7, 70), new(9, 180)],
            merged);
    }

    [Fact]
    public void ManyTransactionsOnFewDaysKeepTheLedgerSmall()
    {
        var arena = new DayArena(firstSegmentLength: 8);
        var ledger = new DailyLedger();
        for (var i = 0; i < 10_000; i++)
            ledger.Add(arena, i % 3 == 0 ? 100 : 50 + (i % 2), 1);

        var merged = ledger.Days(arena).ToArray();

        Assert.Equal([new(50, 3333), new(51, 3333), new(100, 3334)], merged);
    }

    [Fact]
    public void LedgersSharingAnArenaKeepTheirOwnDays()
    {
        var arena = new DayArena(firstSegmentLength: 4);
        var first = new DailyLedger();
        var second = new DailyLedger();
        for (var day = 0; day < 40; day++)
        {
            first.Add(arena, day, 1);
            second.Add(arena, 1000 - day, 2);
        }

        var firstDays = first.Days(arena).ToArray();
        var secondDays = second.Days(arena).ToArray();

        Assert.Equal(Enumerable.Range(0, 40).Select(d => new DayAmount(d, 1)), firstDays);
        Assert.Equal(Enumerable.Range(961, 40).Select(d => new DayAmount(d, 2)), secondDays);
    }

    [Fact]
    public void FreedRegionIsHandedOutAgain()
    {
        var arena = new DayArena();
        var a = arena.Allocate(3);
        var b = arena.Allocate(3);
        arena.Free(a, 3);

        var c = arena.Allocate(3);

        Assert.NotEqual(a, b);
        Assert.Equal(a, c);
    }
}
