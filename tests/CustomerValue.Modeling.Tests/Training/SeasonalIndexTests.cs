using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>The base's calendar read from its monthly net spend, and how it spreads a total across a horizon's months.</summary>
public sealed class SeasonalIndexTests
{
    /// <summary>
    /// Net spend by day from <paramref name="first"/> (a month's first day) for <paramref name="months"/> months, each day
    /// of month t as <paramref name="spendADay"/> gives it.
    /// </summary>
    static Dictionary<DateOnly, double> Daily(DateOnly first, int months, Func<int, DateOnly, double> spendADay)
    {
        var spend = new Dictionary<DateOnly, double>();
        for (var t = 0; t < months; t++)
        {
            for (var day = first.AddMonths(t); day < first.AddMonths(t + 1); day = day.AddDays(1))
                spend[day] = spendADay(t, day);
        }
        return spend;
    }

    [Fact]
    public void ABaseGrowingFourPercentAMonthWithADecemberHalfAgainAsBusyReadsTheDecemberAndNotTheGrowth()
    {
        var first = new DateOnly(2022, 3, 1);
        var spend = Daily(first, 20, (t, day) => 30 * Math.Pow(1.04, t) * (day.Month == 12 ? 1.5 : 1));

        var index = SeasonalIndex.Of(spend, first, first.AddMonths(20).AddDays(-1))!;

        Assert.Equal(1, index.Years);
        Assert.Equal(1, index.ByMonth.Average(), 9);
        Assert.Equal(1.5, index.ByMonth[11] / index.ByMonth[0], 6);
        Assert.All(index.ByMonth.Take(11), v => Assert.Equal(index.ByMonth[0], v, 6));
    }

    /// <summary>
    /// A base without a season whose days' spend varies by chance (a third either way), so its months sit a few per cent
    /// apart, and whose February is short of days: the index reads neither as a season.
    /// </summary>
    [Fact]
    public void AMonthsChanceAndFebruarysFewerDaysAreNoSeason()
    {
        var first = new DateOnly(2022, 7, 1);
        var random = new Random(7);
        var spend = Daily(first, 26, (_, _) => 30 * (0.67 + 0.66 * random.NextDouble()));

        var index = SeasonalIndex.Of(spend, first, first.AddMonths(26).AddDays(-1))!;

        Assert.All(index.ByMonth, v => Assert.InRange(v, 0.98, 1.02));
    }

    /// <summary>The same chance beside a December twice as busy: the season stands out of it and is kept.</summary>
    [Fact]
    public void ASeasonWellBeyondTheDaysChanceIsKept()
    {
        var first = new DateOnly(2022, 7, 1);
        var random = new Random(7);
        var spend = Daily(first, 26, (_, day) => 30 * (0.67 + 0.66 * random.NextDouble()) * (day.Month == 12 ? 2 : 1));

        var index = SeasonalIndex.Of(spend, first, first.AddMonths(26).AddDays(-1))!;

        Assert.InRange(index.ByMonth[11] / index.ByMonth.Take(11).Average(), 1.85, 2.15);
    }

    [Fact]
    public void PartMonthsAtEitherEndAreLeftOutAndFewerThanFifteenCompleteMonthsReadNoIndex()
    {
        var first = new DateOnly(2023, 1, 1);
        var spend = Daily(first, 17, (_, day) => day.Month == 7 ? 60 : 30);

        // From 15 January to 14 May of the next year: 15 complete months (February to April a year later).
        Assert.NotNull(SeasonalIndex.Of(spend, new DateOnly(2023, 1, 15), new DateOnly(2024, 5, 14)));
        Assert.Null(SeasonalIndex.Of(spend, new DateOnly(2023, 1, 15), new DateOnly(2024, 4, 29)));
    }

    /// <summary>A shop closed every August: its Augusts read as nearly nothing, and the other months as they were.</summary>
    [Fact]
    public void AMonthClosedEveryYearReadsNearlyNothingAndReturnsBeyondSalesNoError()
    {
        var first = new DateOnly(2023, 1, 1);
        var closed = Daily(first, 24, (_, day) => day.Month == 8 ? 0 : 30);
        var refunds = Daily(first, 24, (t, _) => t == 9 ? -2 : 30);

        var index = SeasonalIndex.Of(closed, first, new DateOnly(2024, 12, 31))!;

        Assert.InRange(index.ByMonth[7], 0, 0.02);
        Assert.All(index.ByMonth.Where((_, m) => m != 7), v => Assert.Equal(index.ByMonth[0], v, 9));
        Assert.NotNull(SeasonalIndex.Of(refunds, first, new DateOnly(2024, 12, 31)));
        Assert.Null(SeasonalIndex.Of(Daily(first, 24, (_, _) => -1), first, new DateOnly(2024, 12, 31)));
    }

    /// <summary>
    /// A base whose first three months are its launch (a few early orders, one month empty) before 16 months of trade with
    /// a November twice as busy: the launch is not read as a season (read with them, its October to December would be its
    /// quietest months), and 14 months after it are too few for an index, whatever came before.
    /// </summary>
    [Fact]
    public void TheFirstMonthsBeforeTheBaseIsEstablishedAreItsLaunchAndNotASeason()
    {
        var first = new DateOnly(2022, 10, 1);
        var spend = Daily(first, 19, (t, day) => t switch
        {
            0 => 2,
            1 => 0,
            2 => 0.1,
            _ => 30 * (day.Month == 11 ? 2 : 1),
        });

        var index = SeasonalIndex.Of(spend, first, first.AddMonths(19).AddDays(-1))!;

        Assert.Equal(2, index.ByMonth[10] / index.ByMonth[0], 6);
        Assert.All(index.ByMonth.Where((_, m) => m != 10), v => Assert.Equal(index.ByMonth[0], v, 6));
        Assert.Null(SeasonalIndex.Of(spend, first, first.AddMonths(17).AddDays(-1)));
    }

    [Fact]
    public void ApplyingTheIndexKeepsTheTotalAndWeighsAPartSpanningTwoMonthsByItsDays()
    {
        var index = new SeasonalIndex([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2], 2);
        // 31 December joined to January (a part under a week joins its neighbour), then all of February.
        IReadOnlyList<(DateOnly From, DateOnly To)> parts = [(new DateOnly(2024, 12, 31), new DateOnly(2025, 1, 31)), (new DateOnly(2025, 2, 1), new DateOnly(2025, 2, 28))];

        var shares = index.Apply([0.5, 0.5], parts);

        Assert.Equal(1, shares.Sum(), 12);
        // The first part's days average (2 + 31 × 1) / 32 of the index.
        var first = 0.5 * 33 / 32;
        Assert.Equal(first / (first + 0.5), shares[0], 12);
    }

    [Fact]
    public void TheShapeErrorComparesSharesWhateverTheLevel()
    {
        Assert.Equal(0, SeasonalIndex.ShapeError([0.25, 0.75], [100, 300]), 12);
        Assert.Equal(1, SeasonalIndex.ShapeError([0.5, 0.5], [0, 10]), 12);
    }
}
