using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>The base's calendar read from its monthly net spend, and how it spreads a total across a horizon's months.</summary>
public sealed class SeasonalIndexTests
{
    /// <summary>Net spend by month from <paramref name="first"/> for <paramref name="months"/> months, as <paramref name="spendIn"/> gives it.</summary>
    static Dictionary<DateOnly, double> Monthly(DateOnly first, int months, Func<int, DateOnly, double> spendIn) =>
        Enumerable.Range(0, months).ToDictionary(t => first.AddMonths(t), t => spendIn(t, first.AddMonths(t)));

    [Fact]
    public void ABaseGrowingFourPercentAMonthWithADecemberHalfAgainAsBusyReadsTheDecemberAndNotTheGrowth()
    {
        var first = new DateOnly(2022, 3, 1);
        var spend = Monthly(first, 20, (t, month) => 1000 * Math.Pow(1.04, t) * (month.Month == 12 ? 1.5 : 1));

        var index = SeasonalIndex.Of(spend, first, first.AddMonths(20).AddDays(-1))!;

        Assert.Equal(1, index.Years);
        Assert.Equal(1, index.ByMonth.Average(), 9);
        Assert.Equal(1.5, index.ByMonth[11] / index.ByMonth[0], 6);
        Assert.All(index.ByMonth.Take(11), v => Assert.Equal(index.ByMonth[0], v, 6));
    }

    [Fact]
    public void PartMonthsAtEitherEndAreLeftOutAndFewerThanFifteenCompleteMonthsReadNoIndex()
    {
        var first = new DateOnly(2023, 1, 1);
        var spend = Monthly(first, 17, (_, month) => month.Month == 7 ? 2000 : 1000);

        // From 15 January to 14 May of the next year: 15 complete months (February to April a year later).
        Assert.NotNull(SeasonalIndex.Of(spend, new DateOnly(2023, 1, 15), new DateOnly(2024, 5, 14)));
        Assert.Null(SeasonalIndex.Of(spend, new DateOnly(2023, 1, 15), new DateOnly(2024, 4, 29)));
    }

    [Fact]
    public void AMonthWithoutPositiveNetSpendReadsNoIndex()
    {
        var first = new DateOnly(2023, 1, 1);
        var spend = Monthly(first, 24, (t, _) => t == 9 ? -50 : 1000);

        Assert.Null(SeasonalIndex.Of(spend, first, new DateOnly(2024, 12, 31)));
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
