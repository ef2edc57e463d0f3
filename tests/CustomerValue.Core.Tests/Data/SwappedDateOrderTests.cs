using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

/// <summary>
/// A month-first file read with a day-first spec (the first of the two orders a message suggests for 12/1/2022) loads the
/// dates whose day is 12 or lower with day and month swapped and rejects the rest: the rejected ones say so.
/// </summary>
public sealed class SwappedDateOrderTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    const string Rows =
        "customer_id,timestamp,amount\n" +
        "c1,12/1/2022 8:26,10\n" +
        "c2,12/13/2022 9:05,20\n" +
        "c3,1/31/2023 17:40,30\n" +
        "c4,2/3/2023 10:00,40\n";

    [Fact]
    public void WithoutASpecTheDatesThatTellDayFromMonthGiveTheOneFormatForTheWholeFile()
    {
        var path = _temp.File("orders.csv", Rows + "c5,12/13/2022,50\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));

        // 12/1/2022's own message offers both orders; the file-level hint settles it from 12/13/2022 and 1/31/2023.
        Assert.Equal(
            "3 of the rejected dates tell day from month, and every one puts the month first ('12/13/2022'): give a source spec with \"dateFormats\": [\"M/d/yyyy\", \"M/d/yyyy H:mm\"], which reads the others (such as 12/1/2022) the same way (docs/data.md)",
            error.Report.Hint);
        var spec = SourceSpec.Parse("""{ "dateFormats": ["M/d/yyyy", "M/d/yyyy H:mm"] }""", "spec.json");
        Assert.Equal(new DateTime(2022, 12, 1, 8, 26, 0), new TransactionLoader(spec).Load(path).Transactions[0].Timestamp);
    }

    [Fact]
    public void DatesThatPutTheDayFirstInSomeRowsAndTheMonthFirstInOthersAreNamedAsMixed()
    {
        var path = _temp.File("orders.csv", "customer_id,timestamp,amount\nc1,13/12/2022,10\nc2,12/13/2022,20\nc3,1/2/2023,30\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));

        Assert.Equal(
            "the dates put the day first in some rows ('13/12/2022') and the month first in others ('12/13/2022'): no one date format reads every row right; export the dates as ISO (yyyy-MM-dd)",
            error.Report.Hint);
    }

    [Fact]
    public void ADateThatReadsOnlyWithDayAndMonthSwappedNamesTheOrderThatReadsIt()
    {
        var path = _temp.File("orders.csv", Rows);
        var spec = SourceSpec.Parse("""{ "dateFormats": ["d/M/yyyy H:mm"] }""", "spec.json");

        var set = new TransactionLoader(spec, new LoadOptions { OnBadRow = BadRowPolicy.Skip }).Load(path);

        // Loaded, and misdated: 12 January and 2 March.
        Assert.Equal([new DateTime(2022, 1, 12, 8, 26, 0), new DateTime(2023, 3, 2, 10, 0, 0)], set.Transactions.Select(t => t.Timestamp));
        Assert.Equal(
            "unparseable date '12/13/2022 9:05' (expected d/M/yyyy H:mm); it reads as M/d/yyyy H:mm, with day and month the other way round: if the file writes them in that order, give \"dateFormats\": [\"M/d/yyyy H:mm\"], since the dates read so far with the spec's order are wrong wherever the day was 12 or lower",
            set.Report.Errors[0].Reason);
        Assert.Equal(2, set.Report.SwappedDates);
        Assert.Equal(
            "2 rows have a date that reads only with day and month the other way round ('12/13/2022 9:05' as M/d/yyyy H:mm): the spec's \"dateFormats\" has them in the wrong order for this file, and the 2 rows loaded are misdated wherever the day was 12 or lower; give a source spec with \"dateFormats\": [\"M/d/yyyy H:mm\"] (docs/data.md)",
            set.Report.Hint);
    }

    [Fact]
    public void TheRightOrderLoadsEveryRowWithNoHint()
    {
        var path = _temp.File("orders.csv", Rows);
        var spec = SourceSpec.Parse("""{ "dateFormats": ["M/d/yyyy H:mm"] }""", "spec.json");

        var set = new TransactionLoader(spec).Load(path);

        Assert.Equal(new DateTime(2022, 12, 13, 9, 5, 0), set.Transactions[1].Timestamp);
        Assert.Equal(0, set.Report.SwappedDates);
        Assert.Null(set.Report.Hint);
    }

    [Theory]
    [InlineData("d/M/yyyy H:mm", "M/d/yyyy H:mm")]
    [InlineData("dd.MM.yyyy", "MM.dd.yyyy")]
    [InlineData("ddd, d MMM yyyy", "ddd, M MMM yyyy")]
    [InlineData("yyyy-MM-dd'd'", "yyyy-dd-MM'd'")]
    [InlineData("yyyyMMdd", "yyyyddMM")]
    public void SwappingKeepsNamesAndQuotedText(string format, string swapped) =>
        Assert.Equal(swapped, DateParser.SwapDayAndMonth(format));

    [Fact]
    public void FailingOnSuchRowsDoesNotSuggestSkippingThem()
    {
        var path = _temp.File("orders.csv", Rows);
        var spec = SourceSpec.Parse("""{ "dateFormats": ["d/M/yyyy H:mm"] }""", "spec.json");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader(spec).Load(path));

        Assert.Contains("2 of 4 rows rejected (bad rows fail the load; skipping them would load the rest misdated: see the last line)", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("give a source spec with \"dateFormats\": [\"M/d/yyyy H:mm\"] (docs/data.md)", error.Message, StringComparison.Ordinal);
    }
}
