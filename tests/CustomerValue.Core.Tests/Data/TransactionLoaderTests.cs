using CustomerValue.Core.Data;
using CustomerValue.Core.Domain;
using Microsoft.Extensions.Time.Testing;

namespace CustomerValue.Core.Tests.Data;

public sealed class TransactionLoaderTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void AContractFileLoadsWithoutASpec()
    {
        var path = _temp.File("t.csv",
            "customer_id,timestamp,amount,order_id,quantity,channel,device\r\n"
            + "c1,2024-01-05,10.50,o1,2,web,mobile\r\n"
            + "c1,2024-01-06T14:30:00,-4.25,o1,,web,\r\n"
            + "c2,2024-02-01T08:00:00Z,7,o2,1,store,desktop\r\n");

        var set = new TransactionLoader().Load(path);

        Assert.Equal(
        [
            new Transaction("c1", new DateTime(2024, 1, 5), 10.50, "o1", 2, "web", "mobile"),
            new Transaction("c1", new DateTime(2024, 1, 6, 14, 30, 0), -4.25, "o1", null, "web", null),
            new Transaction("c2", new DateTime(2024, 2, 1, 8, 0, 0, DateTimeKind.Utc), 7, "o2", 1, "store", "desktop"),
        ], set.Transactions);
        Assert.Equal(2, set.Report.Customers);
        Assert.Empty(set.Report.NegativeNetCustomers);
    }

    [Fact]
    public void AReturnMayRepeatTheOrderIdOfThePurchaseItRefunds()
    {
        var path = _temp.File("t.csv", "customer_id,timestamp,amount,order_id\nc1,2024-01-05,10,o1\nc1,2024-01-09,-10,o1\n");

        var set = new TransactionLoader().Load(path);

        Assert.Equal([10.0, -10.0], set.Transactions.Select(t => t.Amount));
        Assert.Equal(0, set.Report.RowsRejected);
    }

    [Fact]
    public void CustomersWhoReturnedMoreThanTheyBoughtAreListed()
    {
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,2024-01-05,10\nc1,2024-01-09,-25.5\nc2,2024-01-05,3\nc3,2024-01-05,-1\n");

        var report = new TransactionLoader().Load(path).Report;

        Assert.Equal([new CustomerNet("c1", -15.5), new CustomerNet("c3", -1)], report.NegativeNetCustomers);
        // c3 only returned something: bought before the file began.
        Assert.Equal(1, report.ReturnsOnlyCustomers);
    }

    [Fact]
    public void AmountCanBeComputedAsQuantityTimesUnitPriceInAGermanSemicolonFile()
    {
        var spec = SourceSpec.Parse("""
            {
              "delimiter": ";",
              "culture": "de-DE",
              "dateFormats": ["dd.MM.yyyy HH:mm", "dd.MM.yyyy"],
              "mapping": { "customer_id": "Kunde", "timestamp": "Datum", "quantity": "Menge" },
              "computed": { "amount": { "multiply": ["Menge", "Preis"] } }
            }
            """, "german.json");
        var path = _temp.File("t.csv", "Kunde;Datum;Menge;Preis\nk1;31.01.2024 10:15;3;2,50\nk2;01.02.2024;-1;4\n");

        var set = new TransactionLoader(spec).Load(path);

        Assert.Equal(
        [
            new Transaction("k1", new DateTime(2024, 1, 31, 10, 15, 0), 7.5, Quantity: 3),
            new Transaction("k2", new DateTime(2024, 2, 1), -4, Quantity: -1),
        ], set.Transactions);
    }

    [Fact]
    public void AmountsInCentsAreReadAsCurrencyUnitsThroughAFactor()
    {
        var spec = SourceSpec.Parse("""{ "computed": { "amount": { "multiply": ["amount_cents"], "factor": 0.01 } } }""", "cents.json");
        var path = _temp.File("t.csv", "customer_id,timestamp,amount_cents\nc1,2024-01-05,1999\nc1,2024-01-09,-250\n");

        var set = new TransactionLoader(spec).Load(path);

        Assert.Equal([19.99, -2.5], set.Transactions.Select(t => t.Amount));
    }

    [Fact]
    public void AFileWithoutAmountsLoadsEveryRowAsOnePurchaseWorthTheFactor()
    {
        // lifetimes' example_transactions.csv has only "date,id": purchase events with no money.
        var spec = SourceSpec.Parse("""
            { "mapping": { "customer_id": "id", "timestamp": "date" }, "computed": { "amount": { "factor": 1 } } }
            """, "events.json");

        var set = new TransactionLoader(spec).Load(TestData.Dataset("example_transactions.csv"));

        Assert.Equal(15_273, set.Report.RowsLoaded);
        Assert.Equal(5_000, set.Report.Customers);
        Assert.All(set.Transactions, t => Assert.Equal(1.0, t.Amount));
    }

    [Fact]
    public void AComputedAmountNeedsColumnsOrAFactorAndAFactorOfZeroIsRefused()
    {
        var empty = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "computed": { "amount": { } } }""", "x.json"));
        var zero = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "computed": { "amount": { "factor": 0 } } }""", "y.json"));

        Assert.Equal("source spec x.json: computed 'amount' needs \"multiply\": [columns], \"factor\": a number, or both", empty.Message);
        Assert.Equal("source spec y.json: computed 'amount' has factor 0, which makes every value 0", zero.Message);
    }

    [Fact]
    public void ADayFirstDateReadWithTheIsoDefaultNamesTheDateFormatsThatWouldReadIt()
    {
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,04/10/2016 13:15,1\nc2,25/10/2016,1\nc3,10-25-2016 13:15:07,1\nc4,20161004,1\n");

        var report = new TransactionLoader(new SourceSpec(), new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") }).Load(path).Report;

        const string Iso = "(expected an ISO date such as 2024-03-31 or date-time such as 2024-03-31T14:05:00)";
        Assert.Equal(
        [
            $"unparseable date '04/10/2016 13:15' {Iso}; for dates like this give a source spec with \"dateFormats\": [\"d/M/yyyy H:mm\"] (day first; [\"M/d/yyyy H:mm\"] if the month comes first)",
            $"unparseable date '25/10/2016' {Iso}; for dates like this give a source spec with \"dateFormats\": [\"d/M/yyyy\"]",
            $"unparseable date '10-25-2016 13:15:07' {Iso}; for dates like this give a source spec with \"dateFormats\": [\"M-d-yyyy H:mm:ss\"]",
            $"unparseable date '20161004' {Iso}; for dates like this give a source spec with \"dateFormats\": [\"yyyyMMdd\"]",
        ], report.Errors.Select(e => e.Reason));
    }

    [Fact]
    public void TheSuggestedDateFormatReadsTheDatesItWasSuggestedFor()
    {
        var spec = SourceSpec.Parse("""{ "dateFormats": ["d/M/yyyy H:mm"] }""", "suggested.json");
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,04/10/2016 13:15,1\nc1,4/9/2016 9:05,1\n");

        var set = new TransactionLoader(spec).Load(path);

        Assert.Equal([new DateTime(2016, 10, 4, 13, 15, 0), new DateTime(2016, 9, 4, 9, 5, 0)], set.Transactions.Select(t => t.Timestamp));
    }

    [Fact]
    public void ATwelveHourClockNamesTheDateFormatsThatWouldReadItAndThoseFormatsReadIt()
    {
        // Excel and Windows exports in the US write "3/10/2024 11:30:00 PM".
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,3/10/2024 11:30:00 PM,1\nc2,13/10/2024 9:05am,1\n");
        var skip = new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") };

        var report = new TransactionLoader(new SourceSpec(), skip).Load(path).Report;
        var monthFirst = new TransactionLoader(SourceSpec.Parse("""{ "dateFormats": ["M/d/yyyy h:mm:ss tt"] }""", "m.json"))
            .Load(_temp.File("m.csv", "customer_id,timestamp,amount\nc1,3/10/2024 11:30:00 PM,1\nc1,3/11/2024 12:05:00 am,1\n"));
        var dayFirst = new TransactionLoader(SourceSpec.Parse("""{ "dateFormats": ["d/M/yyyy h:mmtt"] }""", "d.json"))
            .Load(_temp.File("d.csv", "customer_id,timestamp,amount\nc2,13/10/2024 9:05am,1\n"));

        const string Iso = "(expected an ISO date such as 2024-03-31 or date-time such as 2024-03-31T14:05:00)";
        Assert.Equal(
        [
            $"unparseable date '3/10/2024 11:30:00 PM' {Iso}; for dates like this give a source spec with \"dateFormats\": [\"d/M/yyyy h:mm:ss tt\"] (day first; [\"M/d/yyyy h:mm:ss tt\"] if the month comes first)",
            $"unparseable date '13/10/2024 9:05am' {Iso}; for dates like this give a source spec with \"dateFormats\": [\"d/M/yyyy h:mmtt\"]",
        ], report.Errors.Select(e => e.Reason));
        Assert.Equal([new DateTime(2024, 3, 10, 23, 30, 0), new DateTime(2024, 3, 11, 0, 5, 0)], monthFirst.Transactions.Select(t => t.Timestamp));
        Assert.Equal(new DateTime(2024, 10, 13, 9, 5, 0), Assert.Single(dayFirst.Transactions).Timestamp);
    }

    /// <summary>
    /// Day numbers instead of dates. A date cell exported without its format is the spreadsheet's day number (45361 is
    /// 2024-03-10); Dunnhumby's Complete Journey dates each basket by a DAY from 1 to 711, no calendar date at all. The
    /// rejected row names the count that reads it, and with that count the row reads.
    /// </summary>
    [Theory]
    [InlineData("45361", "days-since:1899-12-30", "2024-03-10",
        "if these are a spreadsheet's serial day numbers give a source spec with \"dateFormats\": [\"days-since:1899-12-30\"]")]
    [InlineData("45361.75", "days-since:1899-12-30", "2024-03-10 18:00",
        "if these are a spreadsheet's serial day numbers give a source spec with \"dateFormats\": [\"days-since:1899-12-30\"]")]
    [InlineData("711", "days-since:2019-12-31", "2021-12-11",
        "if these number the days from a start (a DAY column), give a source spec with \"dateFormats\": [\"days-since:YYYY-MM-DD\"] naming the day before day 1; when it is unknown, a date that puts the last day before today keeps every gap, though calendar months and seasons then follow that choice")]
    [InlineData("2023-08", "yyyy-MM", "2023-08-01",
        "a month without a day: if each row is a month's total, give a source spec with \"dateFormats\": [\"yyyy-MM\"], which dates a row on its month's first day (purchases then count as months with a purchase)")]
    [InlineData("8/2023", "M/yyyy", "2023-08-01",
        "a month without a day: if each row is a month's total, give a source spec with \"dateFormats\": [\"M/yyyy\"], which dates a row on its month's first day (purchases then count as months with a purchase)")]
    public void ADayNumberNamesTheDayCountThatReadsIt(string day, string count, string date, string hint)
    {
        var path = _temp.File("t.csv", $"customer_id,timestamp,amount\nc1,{day},1\n");
        var skip = new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") };

        var report = new TransactionLoader(new SourceSpec(), skip).Load(path).Report;
        var read = new TransactionLoader(SourceSpec.Parse($$"""{ "dateFormats": ["{{count}}"] }""", "x.json")).Load(path);

        Assert.Equal($"unparseable date '{day}' (expected an ISO date such as 2024-03-31 or date-time such as 2024-03-31T14:05:00); {hint}",
            Assert.Single(report.Errors).Reason);
        Assert.Equal(DateTime.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Assert.Single(read.Transactions).Timestamp);
    }

    [Fact]
    public void AHeaderLineRepeatedInsideTheFileIsNamedAsSuch()
    {
        // Two monthly exports appended to each other: the second one's header is a row of the first.
        var path = _temp.File("t.csv", "Customer,Date,Total\nc1,2024-01-05,1\nCustomer,Date,Total\nc2,2024-02-05,1\n");
        var spec = SourceSpec.Parse("""{ "mapping": { "customer_id": "Customer", "timestamp": "Date", "amount": "Total" } }""", "x.json");

        var report = new TransactionLoader(spec, new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") }).Load(path).Report;

        var error = Assert.Single(report.Errors);
        Assert.Equal((3, "Date"), (error.Line, error.Column));
        Assert.Equal("the header line again (files appended one after another?): remove the repeated header lines, or --on-bad-row skip sets them aside", error.Reason);
        Assert.Equal(2, report.RowsLoaded);
    }

    [Fact]
    public void ACurrencyFormattedAmountNamesTheSpecThatReadsIt()
    {
        // A spreadsheet's currency format rejects every row; the reason names the spec, with a culture that reads the text.
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,2024-01-05,\"$1,234.50\"\nc2,2024-01-05,-$9.99\nc3,2024-01-05,\"R$ 1.234,50\"\nc4,2024-01-05,\"1,234.50\"\nc5,2024-01-05,12.5O\nc6,2024-01-05,(12.50)\n");

        var report = new TransactionLoader(new SourceSpec(), new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") }).Load(path).Report;

        Assert.Equal(
        [
            "non-numeric amount '$1,234.50'; a currency format? give a source spec with \"numberStyle\": \"currency\" and \"culture\": \"en-US\"",
            "non-numeric amount '-$9.99'; a currency format? give a source spec with \"numberStyle\": \"currency\" and \"culture\": \"en-US\"",
            "non-numeric amount 'R$ 1.234,50'; a currency format? give a source spec with \"numberStyle\": \"currency\" and \"culture\": \"pt-BR\"",
            "non-numeric amount '1,234.50'; a currency format? give a source spec with \"numberStyle\": \"currency\" and \"culture\": \"en-US\"",
            "non-numeric amount '12.5O'",
            "non-numeric amount '(12.50)'; a negative written in brackets, as accounting formats do? give a source spec with \"numberStyle\": \"currency\" and \"culture\": \"en-US\"",
        ], report.Errors.Select(e => e.Reason));
    }

    [Fact]
    public void TheCurrencyNumberStyleReadsTheCulturesSymbolThousandsAndAccountingNegatives()
    {
        var spec = SourceSpec.Parse("""{ "numberStyle": "currency", "culture": "en-US" }""", "dollars.json");
        var path = _temp.File("t.csv", "customer_id,timestamp,amount,quantity\nc1,2024-01-05,\"$1,234.50\",\"1,200\"\nc1,2024-01-06,-$9.99,1\nc1,2024-01-07,($9.99),1\nc1,2024-01-08,12.5,2\n");

        var set = new TransactionLoader(spec).Load(path);
        var noCulture = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "numberStyle": "currency" }""", "x.json"));

        Assert.Equal([1234.5, -9.99, -9.99, 12.5], set.Transactions.Select(t => t.Amount));
        Assert.Equal([1200.0, 1, 1, 2], set.Transactions.Select(t => t.Quantity));
        Assert.Equal("source spec x.json: numberStyle \"currency\" reads the currency symbol and thousands separators of the file's culture: give its \"culture\" too, e.g. \"en-US\" for $1,234.50", noCulture.Message);
    }

    /// <summary>
    /// A spec written by hand that includes an event log's purchases alone leaves its refund events out with the page
    /// views: the load counts them and says how to read them as returns.
    /// </summary>
    [Fact]
    public void RefundEventsAnIncludeLeavesOutAreCountedAndNamed()
    {
        var spec = SourceSpec.Parse("""{ "mapping": { "customer_id": "user", "amount": "value" }, "include": { "event": ["purchase"] } }""", "events.json");
        var path = _temp.File("events.csv", "event,user,timestamp,value\npage_view,u1,2024-01-05,\npurchase,u1,2024-01-05,40\nrefund,u1,2024-01-09,40\npage_view,u2,2024-01-06,\n");

        var report = new TransactionLoader(spec).Load(path).Report;

        Assert.Equal((3L, 1L), (report.RowsExcluded, report.RefundEventsLeftOut));
        Assert.StartsWith("1 row the spec's \"include\" left out is a 'refund' event in 'event': refunds, so the purchases they refund count at their full value; add 'refund' to the \"include\" and read it as a return: \"negate\": { \"event\": [\"refund\"] }", report.RefundEventsLeftOutNote, StringComparison.Ordinal);
    }

    /// <summary>
    /// .NET's currency style takes group separators anywhere, so a culture that groups thousands with a point read €24.50
    /// as 2450: a decimal written with the other separator than the culture's is a bad row that names the culture reading it.
    /// </summary>
    [Fact]
    public void ACurrencyAmountWhoseDecimalsTheCultureWouldReadAsThousandsIsRejected()
    {
        var spec = SourceSpec.Parse("""{ "numberStyle": "currency", "culture": "de-DE" }""", "euros.json");
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,2024-01-05,\"1.234,50 €\"\nc2,2024-01-06,€24.50\nc3,2024-01-07,\"1.234 €\"\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader(spec).Load(path));

        Assert.Equal("amount '€24.50' writes its decimals after '.', which the culture de-DE groups thousands with: it would read 2450; give the spec the culture of the file's own currency format (\"en-IE\" reads it)", Assert.Single(error.Errors).Reason);
    }

    [Fact]
    public void UnixTimesAndDayNumbersAreReadAsCountsFromTheirOrigin()
    {
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,1291191960,1\nc2,1291191960.5,1\n");
        var ms = _temp.File("ms.csv", "customer_id,timestamp,amount\nc1,1291191960123,1\n");
        var days = _temp.File("days.csv", "customer_id,timestamp,amount\nc1,1,1\nc2,711,1\nc3,1.5,1\nc4,99999999999999999999,1\n");
        var skip = new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") };

        var seconds = new TransactionLoader(SourceSpec.Parse("""{ "dateFormats": ["unix-seconds"] }""", "s.json")).Load(path);
        var milliseconds = new TransactionLoader(SourceSpec.Parse("""{ "dateFormats": ["unix-milliseconds"] }""", "ms.json")).Load(ms);
        var dayNumbers = new TransactionLoader(SourceSpec.Parse("""{ "dateFormats": ["days-since:2019-12-31"] }""", "d.json"), skip).Load(days);

        var utc = new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc);
        Assert.Equal([utc, utc.AddSeconds(0.5)], seconds.Transactions.Select(t => t.Timestamp));
        Assert.All(seconds.Transactions, t => Assert.Equal(DateTimeKind.Utc, t.Timestamp.Kind));
        Assert.Equal(utc.AddMilliseconds(123), Assert.Single(milliseconds.Transactions).Timestamp);
        // A fraction of a day is its time (a spreadsheet's date-time cell: 45361.75 is 2024-03-10 18:00).
        Assert.Equal([new DateTime(2020, 1, 1), new DateTime(2021, 12, 11), new DateTime(2020, 1, 1, 12, 0, 0)], dayNumbers.Transactions.Select(t => t.Timestamp));
        Assert.Equal(
        [
            "unparseable date '99999999999999999999' (expected days since 2019-12-31 (days-since:2019-12-31))",
        ], dayNumbers.Report.Errors.Select(e => e.Reason));
    }

    [Fact]
    public void AUnixTimeReadWithTheIsoDefaultNamesTheFormatThatWouldReadIt()
    {
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,1291191960,1\nc2,1291191960123,1\n");

        var report = new TransactionLoader(new SourceSpec(), new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") }).Load(path).Report;

        Assert.Equal(
        [
            "unparseable date '1291191960' (expected an ISO date such as 2024-03-31 or date-time such as 2024-03-31T14:05:00); if these are Unix times give a source spec with \"dateFormats\": [\"unix-seconds\"]",
            "unparseable date '1291191960123' (expected an ISO date such as 2024-03-31 or date-time such as 2024-03-31T14:05:00); if these are Unix times give a source spec with \"dateFormats\": [\"unix-milliseconds\"]",
        ], report.Errors.Select(e => e.Reason));
    }

    [Fact]
    public void AFileWhoseEveryRowIsRejectedIsToldThatItDoesNotFitNotToSkipItsRows()
    {
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,1291191960,1\nc2,1291191961,1\n");
        var partly = _temp.File("p.csv", "customer_id,timestamp,amount\nc1,2024-01-05,1\nc2,1291191961,1\n");

        var every = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var some = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(partly));

        Assert.StartsWith($"{path}: 2 of 2 rows rejected (every row: the file does not fit how it is read; see the reasons below and the source spec, docs/data.md)", every.Message);
        Assert.StartsWith($"{partly}: 1 of 2 rows rejected (bad rows fail the load; skip them to load the rest)", some.Message);
    }

    [Fact]
    public void ACountedDateFormatThatIsNotOneOfTheKnownOnesIsRefusedWithTheSpec()
    {
        var error = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "dateFormats": ["unix", "days-since:2020-13-01"] }""", "x.json"));

        Assert.Equal(
            "source spec x.json: dateFormats entry 'unix' is neither \"unix-seconds\", \"unix-milliseconds\", \"unix-microseconds\" nor \"days-since:YYYY-MM-DD\" (day 1 is the day after that date); "
            + "dateFormats entry 'days-since:2020-13-01' is neither \"unix-seconds\", \"unix-milliseconds\", \"unix-microseconds\" nor \"days-since:YYYY-MM-DD\" (day 1 is the day after that date)",
            error.Message);
    }

    [Fact]
    public void NullValuesAreBlankInEveryColumnSoAPlaceholderCustomerIsRejectedNotLoadedAsOne()
    {
        var spec = SourceSpec.Parse("""{ "nullValues": ["NULL", "(blank)", "NA"] }""", "nulls.json");
        var path = _temp.File("t.csv",
            "customer_id,timestamp,amount,order_id,quantity,channel\n"
            + "c1,2024-01-05,10,NULL,na,web\n"
            + "(blank),2024-01-05,7,o2,1,web\n"
            + "c2,null,3,o3,1,web\n"
            + "c2,2024-01-06,NA,o4,1,web\n"
            + "c2,2024-01-07,4, NA ,2,(Blank)\n"
            + "NAN,2024-01-07,5,o6,1,web\n");

        var set = new TransactionLoader(spec, new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") }).Load(path);

        Assert.Equal(
        [
            new Transaction("c1", new DateTime(2024, 1, 5), 10, null, null, "web", null),
            new Transaction("c2", new DateTime(2024, 1, 7), 4, null, 2, null, null),
            new Transaction("NAN", new DateTime(2024, 1, 7), 5, "o6", 1, "web", null),
        ], set.Transactions);
        Assert.Equal(
        [
            (3, "customer_id", "missing customer id"),
            (4, "timestamp", "missing date"),
            (5, "amount", "missing amount"),
        ], set.Report.Errors.Select(e => (e.Line, e.Column, e.Reason)));
        Assert.Equal([new BlankValueCount("quantity", 1, BlankValueRule.Missing)], set.Report.BlankValues);
    }

    [Fact]
    public void ANullValuesListWithABlankTextIsRefused()
    {
        var error = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "nullValues": ["NA", " "] }""", "x.json"));

        Assert.Equal("source spec x.json: nullValues must list non-empty texts (a blank value is blank already)", error.Message);
    }

    [Fact]
    public void ExcludedRowsAreLeftOutAndCountedWithoutCheckingTheirOtherFields()
    {
        // A marketplace export: canceled orders keep their amount (or none) and their order id, which a re-placed order reuses.
        var spec = SourceSpec.Parse("""{ "exclude": { "status": ["canceled", "unavailable"] } }""", "orders.json");
        var path = _temp.File("t.csv",
            "customer_id,timestamp,amount,order_id,status\n"
            + "c1,2024-01-05,10,o1,canceled\n"
            + "c1,2024-01-05,10,o1,delivered\n"
            + "c2,2024-01-06,,o2, Canceled \n"
            + "c2,not a date,5,o3,UNAVAILABLE\n"
            + "c2,2024-01-07,4,o4,shipped\n");

        var set = new TransactionLoader(spec).Load(path);

        Assert.Equal(
        [
            new Transaction("c1", new DateTime(2024, 1, 5), 10, "o1", null, null, null),
            new Transaction("c2", new DateTime(2024, 1, 7), 4, "o4", null, null, null),
        ], set.Transactions);
        Assert.Equal((5L, 2L, 0L, 3L), (set.Report.RowsRead, set.Report.RowsLoaded, set.Report.RowsRejected, set.Report.RowsExcluded));
        Assert.DoesNotContain("status", set.Report.IgnoredColumns);
    }

    [Fact]
    public void AnExcludeNamingAColumnTheFileLacksStopsTheLoadNamingTheColumns()
    {
        var spec = SourceSpec.Parse("""{ "exclude": { "state": ["canceled"] } }""", "orders.json");
        var path = _temp.File("t.csv", "customer_id,timestamp,amount,status\nc1,2024-01-05,10,canceled\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader(spec).Load(path));

        Assert.Contains("exclude names column 'state', which the file does not have; found 4 columns: customer_id, timestamp, amount, status", error.Message);
    }

    [Fact]
    public void AnExcludeWithoutValuesIsRefused()
    {
        var empty = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "exclude": { "status": [] } }""", "x.json"));

        Assert.Contains("exclude 'status' must list the non-empty values whose rows are left out", empty.Message);
    }

    [Fact]
    public void ADecimalCommaReadWithADecimalPointSuggestsTheCulture()
    {
        var spec = SourceSpec.Parse("""{ "delimiter": ";" }""", "semicolon.json");
        var path = _temp.File("t.csv", "customer_id;timestamp;amount\nc1;2024-01-05;105,28\nc2;2024-01-05;ten\n");

        var report = new TransactionLoader(spec, new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") }).Load(path).Report;

        Assert.Equal(
        [
            "non-numeric amount '105,28'; a decimal comma? give a source spec with the file's \"culture\", e.g. \"de-DE\" or \"pt-BR\"",
            "non-numeric amount 'ten'",
        ], report.Errors.Select(e => e.Reason));
    }

    [Fact]
    public void AWholeAmountWithAThousandsSeparatorIsNotToldItIsADecimalComma()
    {
        // A spreadsheet's #,##0.00 and #,##0 formats: 12,500 read with de-DE, as the old hint said, is 12.5.
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,2024-01-05,\"12,500\"\nc2,2024-01-05,\"1,234.50\"\nc3,2024-01-06,\"2,000\"\n");

        var report = new TransactionLoader(new SourceSpec(), new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") }).Load(path).Report;

        Assert.Equal(
        [
            "non-numeric amount '12,500'; a thousands separator (12500) or a decimal comma (12.5)? amounts such as 1,234.50 in the file say the first: give a source spec with \"numberStyle\": \"currency\" and \"culture\": \"en-US\"; amounts such as 12,50 say the second: give the file's \"culture\", e.g. \"de-DE\"",
            "non-numeric amount '1,234.50'; a currency format? give a source spec with \"numberStyle\": \"currency\" and \"culture\": \"en-US\"",
            "non-numeric amount '2,000'; a currency format? give a source spec with \"numberStyle\": \"currency\" and \"culture\": \"en-US\"",
        ], report.Errors.Select(e => e.Reason));
    }

    [Fact]
    public void ARowEndingInADelimiterThatTheHeaderLacksIsRejectedSayingSo()
    {
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,2024-01-05,10,\nc2,2024-01-06,5,x\n");

        var report = new TransactionLoader(new SourceSpec(), new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") }).Load(path).Report;

        Assert.Equal(
        [
            "wrong column count: expected 3, found 4 (the last one is empty: a delimiter at the end of the row?)",
            "wrong column count: expected 3, found 4",
        ], report.Errors.Select(e => e.Reason));
    }

    [Fact]
    public void DayResolutionDropsTheTimeOfDay()
    {
        var spec = new SourceSpec { DayResolution = true };
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,2024-01-05T23:10:00,1\n");

        var transaction = Assert.Single(new TransactionLoader(spec).Load(path).Transactions);

        Assert.Equal(new DateTime(2024, 1, 5), transaction.Timestamp);
    }

    [Fact]
    public void CustomerIdsAreSharedBetweenRowsOfTheSameCustomer()
    {
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,2024-01-05,1\nc1,2024-01-06,2\n");

        var transactions = new TransactionLoader().Load(path).Transactions;

        Assert.Same(transactions[0].CustomerId, transactions[1].CustomerId);
    }

    [Theory]
    [InlineData("c1,2024-01-05,1\nc1,2024-01-02,2\nc2,2024-01-01,3\nc3,2024-01-09,4\n", true)]
    [InlineData("c1,2024-01-05,1\nc2,2024-01-01,3\nc1,2024-01-02,2\nc3,2024-01-09,4\n", false)]
    public void TheReportSaysWhetherEachCustomersRowsStandTogether(string rows, bool grouped)
    {
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\n" + rows);

        var report = new TransactionLoader().Load(path).Report;

        Assert.Equal(grouped, report.GroupedByCustomer);
    }

    [Fact]
    public void BlankOptionalValuesAreCountedInTheReport()
    {
        var path = _temp.File("t.csv", "customer_id,timestamp,amount,quantity\nc1,2024-01-05,1,\nc1,2024-01-06,2, \nc2,2024-01-06,2,4\n");

        var report = new TransactionLoader().Load(path).Report;

        Assert.Equal([new BlankValueCount("quantity", 2, BlankValueRule.Missing)], report.BlankValues);
    }

    [Fact]
    public void ABlankAmountReadAsZeroLoads()
    {
        var spec = new SourceSpec { BlankValues = new Dictionary<string, BlankValueRule> { ["amount"] = BlankValueRule.Zero } };
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,2024-01-05,\n");

        var set = new TransactionLoader(spec).Load(path);

        Assert.Equal(0, Assert.Single(set.Transactions).Amount);
        Assert.Equal([new BlankValueCount("amount", 1, BlankValueRule.Zero)], set.Report.BlankValues);
    }

    [Fact]
    public void StreamingStopsYieldingAtTheFirstBadRowUnderFailAndThrowsAtTheEnd()
    {
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,2024-01-05,1\nc2,bad,2\nc3,2024-01-07,3\nc4,worse,4\n");
        var stream = new TransactionLoader().Stream(path);
        var seen = new List<string>();

        var error = Assert.Throws<DataLoadException>(() =>
        {
            foreach (var t in stream)
                seen.Add(t.CustomerId);
        });

        Assert.Equal(["c1"], seen);
        Assert.Equal((4L, 2L, 2L), (error.Report.RowsRead, error.Report.RowsRejected, error.Report.RowsLoaded));
    }

    [Fact]
    public void StreamingReportIsCompleteWhenEnumerationEnds()
    {
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,2024-01-05,1\nc2,bad,2\nc3,2024-01-07,3\n");
        var stream = new TransactionLoader(options: new LoadOptions { OnBadRow = BadRowPolicy.Skip }).Stream(path);

        var count = stream.Count();

        Assert.Equal(2, count);
        Assert.Equal((3L, 2L, 1L, 2), (stream.Report!.RowsRead, stream.Report.RowsLoaded, stream.Report.RowsRejected, stream.Report.Customers));
    }

    [Fact]
    public void RowsReadAlwaysEqualLoadedPlusRejected()
    {
        var path = _temp.File("t.csv",
            "customer_id,timestamp,amount,order_id\n"
            + "c1,2024-01-05,1,o1\n,2024-01-05,1,o2\nc3,2024-01-05,x,o3\nc4,2024-01-05,1,o1\nc5,2024-01-05\nc6,2024-03-01,1,o6\n\n\"c7\",\"2024-01-05\",\"2\",\"o7\"\n");
        var options = new LoadOptions
        {
            OnBadRow = BadRowPolicy.Skip,
            QuarantinePath = _temp.Combine("q.csv"),
            Clock = new FakeTimeProvider(new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero)),
        };

        var report = new TransactionLoader(options: options).Load(path).Report;

        Assert.Equal((7L, 2L, 5L), (report.RowsRead, report.RowsLoaded, report.RowsRejected));
        Assert.Equal([3L, 4L, 5L, 6L, 7L], report.Errors.Select(e => e.Line));
        Assert.Equal(6, File.ReadAllLines(_temp.Combine("q.csv")).Length);
    }

    [Fact]
    public void BadRowsAroundTheReadingBatchesAreReportedInFileOrderWithLineAndColumn()
    {
        // Rows are read and their dates and amounts parsed ahead in batches of 4096 records; the bad ones sit at the seams.
        var bad = new Dictionary<int, string>
        {
            [4094] = "c4094,2024-13-01,1,o4094",
            [4095] = "c4095,2024-01-02,abc,o4095",
            [4096] = "c4096,2024-01-02,3,o1",
            [4097] = "c4097,2024-01-02,1e999,o4097",
            [8191] = "c8191,2024-01-02,1",
            [8192] = "c8192, ,1,o8192",
        };
        var path = _temp.File("t.csv", "customer_id,timestamp,amount,order_id\n" + string.Concat(Enumerable.Range(0, 12_000)
            .Select(i => (bad.GetValueOrDefault(i) ?? $"c{i},2024-01-{1 + i % 28:00}T10:{i % 60:00}:00,{i}.5,o{i}") + "\n")));
        var options = new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") };

        var set = new TransactionLoader(options: options).Load(path);

        Assert.Equal(
        [
            (4096L, "timestamp", "unparseable date '2024-13-01' (expected an ISO date such as 2024-03-31 or date-time such as 2024-03-31T14:05:00)"),
            (4097L, "amount", "non-numeric amount 'abc'"),
            (4098L, "order_id", "duplicate order id 'o1' (first seen on line 3)"),
            (4099L, "amount", "non-numeric amount '1e999'"),
            (8193L, null, "wrong column count: expected 4, found 3"),
            (8194L, "timestamp", "missing date"),
        ], set.Report.Errors.Select(e => (e.Line, e.Column, e.Reason)));
        Assert.Equal((12_000L, 11_994L, 6L), (set.Report.RowsRead, set.Report.RowsLoaded, set.Report.RowsRejected));
        Assert.Equal(new Transaction("c11999", new DateTime(2024, 1, 16, 10, 59, 0), 11999.5, "o11999", null, null, null), set.Transactions[^1]);
    }

    [Fact]
    public void ADuplicateOrderIdFarFromItsFirstSightingNamesTheFirstLineAcrossQuotedLineBreaks()
    {
        // The loader keeps no order id's text for a CSV file: the first sighting is read again from the file.
        var rows = Enumerable.Range(0, 5_000).Select(i => i switch
        {
            4_000 => "c4000,2024-01-02,3,\" o-1234 \",\"web\nshop\"",
            4_001 => "c4001,2024-01-02,-3,o-1234,web",
            4_002 => "c4002,2024-01-02,3,o-12345,web",
            _ => $"c{i},2024-01-02,{i}.5,o-{i},{(i % 3 == 0 ? "\"web\nshop\"" : "web")}",
        });
        var path = _temp.File("t.csv", "customer_id,timestamp,amount,order_id,channel\n" + string.Concat(rows.Select(r => r + "\n")));
        var options = new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") };

        var report = new TransactionLoader(options: options).Load(path).Report;

        // Row i starts on line 2 + i + (rows before it with a line break: every third up to and including row 3999).
        long LineOf(int row) => 2 + row + (Math.Min(row, 4_000) + 2) / 3;
        var error = Assert.Single(report.Errors);
        Assert.Equal((LineOf(4_000), "order_id", $"duplicate order id 'o-1234' (first seen on line {LineOf(1_234)})"),
            (error.Line, error.Column, error.Reason));
    }

    [Fact]
    public void AFileOfOrderLinesIsToldAboutUniqueOrderIdsAndLoadsWithThem()
    {
        // Online Retail style: one row per order line, the invoice number on each; a return repeats no purchase.
        const string Lines = "customer_id,timestamp,amount,order_id\nc1,2024-01-05,10,536365\nc1,2024-01-05,4.5,536365\n" +
            "c2,2024-01-06,7,536366\nc2,2024-01-06,1,536366\nc2,2024-01-06,2,536366\nc2,2024-01-08,-7,C536380\n";
        var path = _temp.File("t.csv", Lines);

        var failed = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var lines = new TransactionLoader(SourceSpec.Parse("""{ "uniqueOrderIds": false }""", "lines.json")).Load(path);

        Assert.Equal(3, failed.Report.DuplicateOrderIds);
        Assert.Equal("3 rows repeat an order id; if an order spans several rows (a file of order lines), give a source spec with \"uniqueOrderIds\": false (docs/data.md)", failed.Report.Hint);
        Assert.EndsWith(failed.Report.Hint, failed.Message, StringComparison.Ordinal);
        Assert.Equal((6L, 0L, 0L), (lines.Report.RowsLoaded, lines.Report.RowsRejected, lines.Report.DuplicateOrderIds));
        Assert.Null(lines.Report.Hint);
    }

    [Fact]
    public void AnExportHoldingItsRowsTwiceIsToldToSkipTheRepeatsNotToAllowRepeatedOrderIds()
    {
        // Two exports that overlap by a day, appended: the second holds that day's rows again, whole.
        const string Header = "customer_id,timestamp,amount,order_id\n", Overlap = "c2,2024-01-06T11:30:00,7,o2\nc1,2024-01-06T18:00:00,3,o3\n";
        var path = _temp.File("t.csv", Header + "c1,2024-01-05T10:00:00,10,o1\n" + Overlap + Overlap + "c1,2024-01-07T09:00:00,4.5,o4\n");

        var failed = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var skipped = new TransactionLoader(options: new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") }).Load(path);

        Assert.Equal((2L, 2L), (failed.Report.DuplicatesCompared, failed.Report.DuplicatesRepeatingTheRow));
        Assert.Equal("2 rows repeat an order id, and every one repeats the row that first held it in every column: the file holds those rows twice (an export run twice, or two exports that overlap); --on-bad-row skip loads each row once and quarantines the repeats, while \"uniqueOrderIds\": false would count them twice", failed.Report.Hint);
        Assert.Equal([10, 7, 3, 4.5], skipped.Transactions.Select(t => t.Amount));
    }

    [Fact]
    public void AnExportWithoutOrderIdsHoldingItsRowsTwiceLoadsWithANoteCountingTheRepeats()
    {
        // No order id to refuse a repeat by: every row loads, and only the count of rows that repeat an earlier one tells.
        var rows = Enumerable.Range(0, 40).Select(i => $"c{i % 7},2024-01-{1 + i % 28:D2}T{i % 24:D2}:15:00,{10 + i}.5").ToList();
        var once = _temp.File("once.csv", "customer_id,timestamp,amount\n" + string.Join("\n", rows) + "\n");
        var twice = _temp.File("twice.csv", "customer_id,timestamp,amount\n" + string.Join("\n", rows.Concat(rows.Take(30))) + "\n");

        var clean = new TransactionLoader().Load(once);
        var doubled = new TransactionLoader().Load(twice);

        Assert.Equal((0L, true), (clean.Report.IdenticalRows, clean.Report.IdenticalRowsExact));
        Assert.Null(clean.Report.IdenticalRowsNote);
        Assert.Equal((70L, 30L), (doubled.Report.RowsLoaded, doubled.Report.IdenticalRows));
        Assert.Equal("30 of the 70 rows loaded (42.9 %) repeat an earlier row's customer, timestamp, amount and order id: if the export holds rows twice (run twice, or two exports that overlap), their spend counts twice and every value learnt or scored from it is inflated; remove the repeats (with order ids, such repeats are refused with their lines)",
            doubled.Report.IdenticalRowsNote);
    }

    [Fact]
    public void OrderLinesAtOnePriceAreNotTakenForAnExportHeldTwice()
    {
        // Two items at one price in one order are two identical rows that belong there: a third of the rows here.
        var lines = Enumerable.Range(0, 30).SelectMany(i => i % 2 == 0
            ? new[] { $"c{i},2024-02-03T10:00:00,4.99,o{i}", $"c{i},2024-02-03T10:00:00,4.99,o{i}", $"c{i},2024-02-03T10:00:00,12,o{i}" }
            : new[] { $"c{i},2024-02-04T11:00:00,{i}.25,o{i}" });
        var path = _temp.File("lines.csv", "customer_id,timestamp,amount,order_id\n" + string.Join("\n", lines) + "\n");

        var loaded = new TransactionLoader(SourceSpec.Parse("""{ "uniqueOrderIds": false }""", "lines.json")).Load(path);

        Assert.Equal((60L, 15L, true), (loaded.Report.RowsLoaded, loaded.Report.IdenticalRows, loaded.Report.OrderLines));
        Assert.Null(loaded.Report.IdenticalRowsNote);
    }

    [Fact]
    public void IdsWrittenAsWholeNumbersAndAsFloatsAreNamedAndTheSpecReadsThemAsOneCustomer()
    {
        // Two exports appended: the later one's tool wrote the ids without the dataframe's '.0'.
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\n13085.0,2023-01-05,10\n13086.0,2023-01-06,7\n13085,2024-02-01,4.5\n13087.5,2024-02-02,3\n");

        var exact = new TransactionLoader().Load(path);
        var whole = new TransactionLoader(SourceSpec.Parse("""{ "wholeNumberIds": true }""", "ids.json")).Load(path);

        Assert.Equal((4, 1L), (exact.Report.Customers, exact.Report.CustomerIdsWrittenTwoWays));
        Assert.Equal("1 customer id is written both as a whole number and with a decimal point ('13085' and '13085.0'), as a dataframe writes ids when the column has a blank: ids are compared exactly, so each of these customers counts as two; give a source spec with \"wholeNumberIds\": true, which reads '13085.0' as '13085' (docs/data.md)", exact.Report.Hint);
        Assert.Equal(["13085", "13086", "13085", "13087.5"], whole.Transactions.Select(t => t.CustomerId));
        Assert.Equal((3, 0L), (whole.Report.Customers, whole.Report.CustomerIdsWrittenTwoWays));
        Assert.Null(whole.Report.Hint);
    }

    [Fact]
    public void LinesOfDelimitersOnlyAreSkippedAsBlankLinesNotCountedAsGuestCheckouts()
    {
        // A spreadsheet saved as CSV writes its formatted empty rows as delimiters; a quoted empty id is still a row.
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,2024-01-05,10\n,,\n , ,\t\nc2,2024-01-06,7\n,,\r\n\"\",2024-01-07,3\n");

        var report = new TransactionLoader(options: new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") }).Load(path).Report;

        Assert.Equal((3L, 2L, 1L, 1L), (report.RowsRead, report.RowsLoaded, report.RowsRejected, report.MissingCustomerIds));
        Assert.Equal(7, Assert.Single(report.Errors).Line);
    }

    [Fact]
    public void CustomerIdsThatAreNotUtf8AreRejectedRatherThanMergedIntoOneCustomer()
    {
        // "José" and "Josè" written in Windows-1252: read as UTF-8 both would become "Jos\uFFFD", one customer.
        var path = _temp.Combine("latin.csv");
        File.WriteAllBytes(path, [.. "customer_id,timestamp,amount\nJos"u8, 0xE9, .. ",2024-01-05,10\nJos"u8, 0xE8, .. ",2024-01-06,20\nAnna,2024-01-07,5\n"u8]);
        var customers = _temp.Combine("latin-customers.csv");
        File.WriteAllBytes(customers, [.. "customer_id,postal_code\nJos"u8, 0xE9, .. ",01001\nAnna,01002\n"u8]);

        var failed = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var profiles = Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(customers));

        const string Reason = "customer id is not valid UTF-8 text; the file may be in another encoding (Windows-1252, Latin-1): save it as UTF-8, or give a source spec with the file's \"encoding\", e.g. \"windows-1252\"";
        Assert.Equal([(2L, "customer_id", Reason), (3L, "customer_id", Reason)], failed.Report.Errors.Select(e => (e.Line, e.Column, e.Reason)));
        Assert.Equal((2L, "customer_id", Reason), (profiles.Report.Errors.Single().Line, profiles.Report.Errors.Single().Column, profiles.Report.Errors.Single().Reason));

        // The file's encoding named in the spec reads both names as written, in both files.
        var transactions = new TransactionLoader(SourceSpec.Parse("""{ "encoding": "windows-1252" }""", "cp1252.json")).Load(path);
        var table = new CustomerLoader(SourceSpec.Parse("""{ "kind": "customers", "encoding": "Windows-1252" }""", "cp1252c.json")).Load(customers);

        Assert.Equal(["José", "Josè", "Anna"], transactions.Transactions.Select(t => t.CustomerId));
        Assert.Equal([("José", "01001"), ("Anna", "01002")], table.Customers.Select(c => (c.CustomerId, c.PostalCode!)));
    }

    [Fact]
    public void ASpreadsheetReportsTotalsLineIsNamedAsOneRatherThanAsAMissingDate()
    {
        var path = _temp.File("report.csv", "customer_id,timestamp,amount\nc1,2024-01-05,10\nc2,2024-01-06,20\nGrand Total:,,30\n,Total,30\nc3,,5\n");

        var failed = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));

        Assert.Equal(
            [
                (4L, "a totals line ('Grand Total:' with no date), as a spreadsheet's report ends with, not a purchase: delete it, or --on-bad-row skip sets it aside"),
                (5L, "a totals line ('Total' with no date), as a spreadsheet's report ends with, not a purchase: delete it, or --on-bad-row skip sets it aside"),
                (6L, "missing date"),
            ],
            failed.Report.Errors.Select(e => (e.Line, e.Reason)));
    }

    [Fact]
    public void CustomerIdsASpreadsheetRoundedToScientificNotationAreRejectedRatherThanMerged()
    {
        // 420000007919 and 420000015838 saved through a spreadsheet: both "4.2E+11", one customer with both histories.
        var path = _temp.File("sci.csv", "customer_id,timestamp,amount\n4.2E+11,2024-01-05,10\n4.2E+11,2024-01-06,20\n5512,2024-01-07,5\n4.20017E+11,2024-01-08,7\n");
        var customers = _temp.File("sci-customers.csv", "customer_id,postal_code\n4.2E+11,01001\n5512,01002\n");

        var failed = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var profiles = Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(customers));
        var skipped = new TransactionLoader(options: new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") }).Load(path);

        Assert.Equal([(2L, "customer_id"), (3L, "customer_id"), (5L, "customer_id")], failed.Report.Errors.Select(e => (e.Line, e.Column)));
        Assert.StartsWith("customer id '4.2E+11' is a number in a spreadsheet's scientific notation: a spreadsheet rounded long numeric ids", failed.Report.Errors[0].Reason);
        Assert.Contains("'4.20017E+11'", failed.Report.Errors[2].Reason);
        Assert.Equal(2L, profiles.Report.Errors.Single().Line);
        Assert.Equal(["5512"], skipped.Transactions.Select(t => t.CustomerId));
    }

    [Fact]
    public void LongIdsASpreadsheetKeptTo15DigitsAreNamedWhileIdsThatKeepTheirDigitsAreNot()
    {
        // 18-digit account numbers saved through a spreadsheet as numbers: 123456789012345678 → 123456789012345000.
        static string File(Func<int, string> id) => "customer_id,timestamp,amount\n" + string.Concat(Enumerable.Range(0, 25).Select(i => $"{id(i)},2024-01-{i % 28 + 1:00},10\n"));
        var rounded = _temp.File("rounded.csv", File(i => $"{123456789012340 + i}000"));
        var kept = _temp.File("kept.csv", File(i => $"{123456789012340 + i}{(i == 7 ? "001" : "000")}"));
        var few = _temp.File("few.csv", File(i => i < 19 ? $"{123456789012340 + i}000" : $"c{i}"));

        var report = new TransactionLoader().Load(rounded).Report;

        Assert.Equal(new SpreadsheetDigits(25, "123456789012340000"), report.SpreadsheetDigits);
        Assert.Contains("all 25 customer ids of 16 digits or more end in zeros from their 16th digit on ('123456789012340000'), as a spreadsheet writes a long number it kept to 15 significant digits", report.Hint);
        Assert.Null(new TransactionLoader().Load(kept).Report.SpreadsheetDigits);
        Assert.Null(new TransactionLoader().Load(few).Report.SpreadsheetDigits);
    }

    [Theory]
    [InlineData("4.2E+11", true)]
    [InlineData("4.20017E+11", true)]
    [InlineData("1E+05", true)]
    [InlineData("9.99999E+105", true)]
    [InlineData("4.2e+11", true)]
    [InlineData("1.23456E+05", false)] // every digit kept: 123456
    [InlineData("4.2E-11", false)]
    [InlineData("4.2E+1", false)]
    [InlineData("C4.2E+11", false)]
    [InlineData("42E+11", false)]
    [InlineData("4.2xE+11", false)]
    [InlineData("C000001", false)]
    [InlineData("13085.0", false)]
    public void ASpreadsheetsScientificNotationIsToldFromIdsThatMerelyHoldAnE(string id, bool rounded) =>
        Assert.Equal(rounded, ValueBounds.IsSpreadsheetRounded(id));

    [Fact]
    public void AnEncodingNameThatDotNetDoesNotKnowIsRefusedWithTheSpecAndUtf8IsReadAsEver()
    {
        var error = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "encoding": "klingon-1" }""", "x.json"));
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nZoë,2024-01-05,1\n");

        var set = new TransactionLoader(SourceSpec.Parse("""{ "encoding": "utf-8" }""", "utf8.json")).Load(path);

        Assert.Equal("source spec x.json: encoding 'klingon-1' is not a known encoding name (e.g. \"windows-1252\", \"iso-8859-1\", \"utf-16\")", error.Message);
        Assert.Equal("Zoë", Assert.Single(set.Transactions).CustomerId);
    }

    [Fact]
    public void ACleanSkipLoadWritesNoQuarantineFile()
    {
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,2024-01-05,1\n");

        var report = new TransactionLoader(options: new LoadOptions { OnBadRow = BadRowPolicy.Skip }).Load(path).Report;

        Assert.Null(report.QuarantinePath);
        Assert.False(File.Exists(_temp.Combine("t.rejected.csv")));
    }

    [Fact]
    public void AQuarantinedRowWithQuotesAndLineBreaksIsQuotedInTheQuarantineFile()
    {
        var path = _temp.File("t.csv", "customer_id,timestamp,amount,channel\nc1,2024-01-0x,1,\"a \"\"b\"\"\nc\"\n");
        var quarantine = _temp.Combine("q.csv");

        new TransactionLoader(options: new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = quarantine }).Load(path);

        Assert.Equal(
            "file,line,column,reason,raw\n"
            + $"{path},2,timestamp,unparseable date '2024-01-0x' (expected an ISO date such as 2024-03-31 or date-time such as 2024-03-31T14:05:00),\"c1,2024-01-0x,1,\"\"a \"\"\"\"b\"\"\"\"\nc\"\"\"\n",
            File.ReadAllText(quarantine));
    }
}
