using System.Globalization;
using System.Text;
using CustomerValue.Core.Data;
using CustomerValue.Core.Tests.TestData;
using Microsoft.Extensions.Time.Testing;

namespace CustomerValue.Core.Tests.Data;

/// <summary>Rows far beyond the bulk of the data: what a real file's end looks like, and what a mistyped year does to it.</summary>
public sealed class DateOutliersTests : IDisposable
{
    // Every date in these files is in the past, whenever the tests run.
    static readonly LoadOptions AfterTheLastDate = new() { Clock = new FakeTimeProvider(new DateTimeOffset(2032, 1, 1, 0, 0, 0, TimeSpan.Zero)) };

    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>One row a day from <paramref name="first"/> to <paramref name="last"/>, then the extra dates, in file order.</summary>
    DateProfile Load(DateOnly first, DateOnly last, params string[] extra)
    {
        var text = new StringBuilder("customer_id,timestamp,amount\n");
        for (var day = first; day <= last; day = day.AddDays(1))
            text.Append(CultureInfo.InvariantCulture, $"c{day.DayNumber % 50},{day:yyyy-MM-dd},10\n");
        foreach (var date in extra)
            text.Append(CultureInfo.InvariantCulture, $"c7,{date},10\n");
        var path = _temp.File("transactions.csv", text.ToString());
        return new TransactionLoader(options: AfterTheLastDate).Load(path).Report.Dates!;
    }

    [Fact]
    public void AMistypedYearInThePastFarBeyondTheBulkIsAnOutlierNamedByLineAndDate()
    {
        var dates = Load(new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31), "2026-11-03");

        var outliers = DateOutliers.Find(dates, gapDays: 365);

        Assert.Equal(new DateSpan(new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31), 365), outliers.Bulk);
        Assert.Equal(new DateSpan(new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 3), 1), outliers.Outliers);
        Assert.Equal([new DatedRow(_temp.Combine("transactions.csv"), 367, "timestamp", new DateOnly(2026, 11, 3))], outliers.Named);
        Assert.Contains($"{_temp.Combine("transactions.csv")}:367: column 'timestamp': 2026-11-03", outliers.Explain("transactions.csv", "--cutoff"));
        Assert.EndsWith("or give an explicit --cutoff.", outliers.Explain("transactions.csv", "--cutoff"));
    }

    [Fact]
    public void SeveralMistypedRowsAreFoundTogetherFromTheFirstGap()
    {
        var dates = Load(new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31), "2031-02-01", "2026-11-03");

        var outliers = DateOutliers.Find(dates, gapDays: 180);

        Assert.Equal(new DateOnly(2019, 12, 31), outliers.Bulk.Last);
        Assert.Equal(new DateSpan(new DateOnly(2026, 11, 3), new DateOnly(2031, 2, 1), 2), outliers.Outliers);
        Assert.Equal([367L, 368L], outliers.Named.Select(r => r.Line));
    }

    [Fact]
    public void AGapOfExactlyTheHorizonIsNotFarAndOneDayMoreIs()
    {
        var dates = Load(new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31), "2020-03-30");

        Assert.False(DateOutliers.Find(dates, gapDays: 90).Found);
        Assert.True(DateOutliers.Find(dates, gapDays: 89).Found);
    }

    [Fact]
    public void ABusinessThatCameBackWithMoreThanTheTailShareOfItsRowsIsNotATail()
    {
        // 365 rows, then 10 (2.7 %) after a two-year pause: more than the 1 % a tail may hold.
        var dates = Load(new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31),
            [.. Enumerable.Range(1, 10).Select(d => $"2022-01-{d:00}")]);

        var outliers = DateOutliers.Find(dates, gapDays: 365);

        Assert.False(outliers.Found);
        Assert.Equal(new DateSpan(new DateOnly(2019, 1, 1), new DateOnly(2022, 1, 10), 375), outliers.Bulk);
    }

    [Fact]
    public void ASparseEarlyStartIsNeverLookedAt()
    {
        var dates = Load(new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31), "2012-05-01");

        Assert.False(DateOutliers.Find(dates, gapDays: 30).Found);
    }

    [Fact]
    public void APlaceholderDateFarBeforeTheBulkIsFoundAtTheStartNamedByLineAndDate()
    {
        var dates = Load(new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31), "1970-01-01");

        var early = DateOutliers.FindEarly(dates, gapDays: 365);

        Assert.False(DateOutliers.Find(dates, gapDays: 365).Found);
        Assert.Equal(new DateSpan(new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31), 365), early.Bulk);
        Assert.Equal(new DateSpan(new DateOnly(1970, 1, 1), new DateOnly(1970, 1, 1), 1), early.Outliers);
        Assert.Equal([new DatedRow(_temp.Combine("transactions.csv"), 367, "timestamp", new DateOnly(1970, 1, 1))], early.Named);
        var note = early.NoteEarly("transactions.csv");
        Assert.Contains("1 row is dated far before the rest of the data, more than 365 days before the bulk, which runs 2019-01-01 .. 2019-12-31", note);
        Assert.Contains("\"nullValues\"", note);
    }

    [Fact]
    public void OnePlaceholderStandingInForManyMissingDatesIsFoundWhileTheyAreAFewPercentOfTheRows()
    {
        // 15 rows (4 %) with the date a system writes for none, among a year of one row a day.
        var dates = Load(new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31), [.. Enumerable.Repeat("1900-01-01", 15)]);

        var early = DateOutliers.FindEarly(dates, gapDays: 90);

        Assert.Equal(365, early.GapDays);
        Assert.Equal(new DateSpan(new DateOnly(1900, 1, 1), new DateOnly(1900, 1, 1), 15), early.Outliers);
        Assert.Equal(new DateOnly(2019, 1, 1), early.Bulk.First);
        Assert.Equal(15, early.Named.Count);
    }

    [Fact]
    public void AnEarlierStretchHoldingMoreThanTheHeadShareOfTheRowsIsHistoryNotAnOutlier()
    {
        // 30 rows (7.6 %) a year before a year of one row a day: a business that paused, not a placeholder.
        var dates = Load(new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31), [.. Enumerable.Range(1, 30).Select(d => $"2017-06-{d:00}")]);

        var early = DateOutliers.FindEarly(dates, gapDays: 180);

        Assert.False(early.Found);
        Assert.Equal(new DateOnly(2017, 6, 1), early.Bulk.First);
    }

    [Fact]
    public void OlistsLastOrderFiveDaysAfterTheRestAndItsSparse2016StartAreNotOutliers()
    {
        var dates = new TransactionLoader().Load(SharedDatasets.PathOf(Path.Combine("olist", "transactions.csv"))).Report.Dates!;

        var outliers = DateOutliers.Find(dates, gapDays: 30);

        Assert.False(outliers.Found);
        Assert.False(DateOutliers.FindEarly(dates, gapDays: 30).Found);
        Assert.Equal(new DateSpan(new DateOnly(2016, 9, 4), new DateOnly(2018, 9, 3), 97_898), outliers.Bulk);
    }
}
