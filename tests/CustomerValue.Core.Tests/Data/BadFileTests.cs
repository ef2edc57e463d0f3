using CustomerValue.Core.Data;
using Microsoft.Extensions.Time.Testing;

namespace CustomerValue.Core.Tests.Data;

/// <summary>Each bad file gives one specific message: file, line, column and reason.</summary>
public sealed class BadFileTests : IDisposable
{
    const string Header = "customer_id,timestamp,amount,order_id\n";
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    RowError OnlyError(string content, LoadOptions? options = null, SourceSpec? spec = null)
    {
        var path = _temp.File("transactions.csv", content);
        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader(spec, options).Load(path));
        return Assert.Single(error.Errors);
    }

    string PathOf(string name) => _temp.Combine(name);

    [Fact]
    public void LoaderReportsLineAndColumnOfAnUnparseableDate()
    {
        var error = OnlyError(Header + "c1,2024-01-05,10.50,o1\nc2,2024-13-01,20,o2\n");

        Assert.Equal(new RowError(PathOf("transactions.csv"), 3, "timestamp",
            "unparseable date '2024-13-01' (expected an ISO date such as 2024-03-31 or date-time such as 2024-03-31T14:05:00)",
            "c2,2024-13-01,20,o2"), error);
    }

    [Fact]
    public void LoaderReportsANonNumericAmount()
    {
        var error = OnlyError(Header + "c1,2024-01-05,10.50,o1\nc2,2024-01-06,12.5O,o2\n");

        Assert.Equal(new RowError(PathOf("transactions.csv"), 3, "amount", "non-numeric amount '12.5O'", "c2,2024-01-06,12.5O,o2"), error);
    }

    [Fact]
    public void LoaderReportsAMissingCustomerId()
    {
        var error = OnlyError(Header + "c1,2024-01-05,10.50,o1\n  ,2024-01-06,5,o2\n");

        Assert.Equal((3L, "customer_id", "missing customer id"), (error.Line, error.Column, error.Reason));
    }

    [Fact]
    public void LoaderReportsAWrongColumnCount()
    {
        var error = OnlyError(Header + "c1,2024-01-05,10.50,o1\nc2,2024-01-06,5\n");

        Assert.Equal((3L, (string?)null, "wrong column count: expected 4, found 3"), (error.Line, error.Column, error.Reason));
    }

    [Fact]
    public void LoaderReportsADuplicateOrderIdWithTheLineWhereItFirstAppeared()
    {
        var error = OnlyError(Header + "c1,2024-01-05,10.50,o1\nc2,2024-01-06,5,o2\nc2,2024-01-07,5,o1\n");

        Assert.Equal((4L, "order_id", "duplicate order id 'o1' (first seen on line 2)"), (error.Line, error.Column, error.Reason));
    }

    [Fact]
    public void LoaderRejectsADateAfterTodayAsAFutureDateWithLineAndColumn()
    {
        var options = new LoadOptions { Clock = new FakeTimeProvider(new DateTimeOffset(2025, 12, 31, 12, 0, 0, TimeSpan.Zero)) };

        var error = OnlyError(Header + "c1,2025-12-31,10.50,o1\nc2,2099-01-05,5,o2\n", options);

        Assert.Equal(new RowError(PathOf("transactions.csv"), 3, "timestamp", "date 2099-01-05 is in the future (today is 2025-12-31 UTC)", "c2,2099-01-05,5,o2"), error);
    }

    [Fact]
    public void ADateItIsAlreadyEastOfUtcLoadsAndTheDayAfterIsInTheFuture()
    {
        // 12:00 UTC on the 31st is 02:00 on the 1st at UTC+14, where a shop's local timestamps may already read the 1st.
        var options = new LoadOptions { Clock = new FakeTimeProvider(new DateTimeOffset(2025, 12, 31, 12, 0, 0, TimeSpan.Zero)) };

        var error = OnlyError(Header + "c1,2026-01-01T01:30:00,10.50,o1\nc2,2026-01-02,5,o2\n", options);

        Assert.Equal((3L, "date 2026-01-02 is in the future (today is 2025-12-31 UTC)"), (error.Line, error.Reason));
    }

    [Fact]
    public void RowsWithoutACustomerIdAreNamedAsPurchasesNoCustomerCanBeCreditedWith()
    {
        // An online shop's export: guest checkouts carry no customer id.
        var path = _temp.File("transactions.csv", Header + "c1,2025-06-01,10.50,o1\n,2025-06-01,5,o2\nc3,2025-06-02,7,o3\n,2025-06-03,9,o4\n");

        var report = new TransactionLoader(options: new LoadOptions { OnBadRow = BadRowPolicy.Skip }).Load(path).Report;

        Assert.Equal((2L, 2L), (report.RowsLoaded, report.MissingCustomerIds));
        Assert.Equal("2 rows have no customer id (50.0 % of the rows read): purchases that no customer can be credited with, as guest checkouts are in many shop exports; --on-bad-row skip leaves them out, and the models and their totals then describe the identified customers' purchases only", report.Hint);
    }

    [Fact]
    public void AnOrderExportWithTheTotalOnTheFirstLineOnlyIsNamedWithTheSpecThatReadsTheOtherLinesAsZero()
    {
        // A shop's order export: one row per item, the order's total on its first row, blank on the others.
        var path = _temp.File("orders.csv", "Name,Email,Created at,Total,Lineitem price\n"
            + "#1002,b@x.com,2025-06-02 10:00:00 -0400,30.00,10.00\n#1002,b@x.com,2025-06-02 10:00:00 -0400,,20.00\n"
            + "#1001,a@x.com,2025-06-01 09:00:00 -0400,25.00,5.00\n#1001,a@x.com,2025-06-01 09:00:00 -0400,,15.00\n#1001,a@x.com,2025-06-01 09:00:00 -0400,,5.00\n");
        const string Mapping = """ "mapping": { "customer_id": "Email", "timestamp": "Created at", "amount": "Total", "order_id": "Name" } """;
        var spec = SourceSpec.Parse($$"""{ {{Mapping}} }""", "shop.json");

        var report = new TransactionLoader(spec, new LoadOptions { OnBadRow = BadRowPolicy.Skip }).Load(path).Report;

        Assert.Equal((2L, 3L, 3L, 3L), (report.RowsLoaded, report.RowsRejected, report.MissingAmounts, report.MissingAmountsOnOrderLines));
        Assert.Equal("3 rows have no amount in 'Total', and every one has the customer and time of the row loaded before them: further lines of an order whose total stands on its first line only, as shop exports write them; give a source spec with \"blankValues\": { \"Total\": \"zero\" }, which reads those lines as 0 so that each order counts its total once, and \"uniqueOrderIds\": false, as the lines repeat their order's id (docs/data.md)", report.Hint);

        // The spec the hint names loads every line and each order's total once.
        var read = new TransactionLoader(SourceSpec.Parse($$"""{ {{Mapping}}, "blankValues": { "Total": "zero" }, "uniqueOrderIds": false }""", "shop.json")).Load(path);
        Assert.Equal((5L, 0L), (read.Report.RowsLoaded, read.Report.RowsRejected));
        Assert.Equal(55.0, read.Transactions.Sum(t => t.Amount));
    }

    [Fact]
    public void BlankAmountsScatteredThroughAFileAreNotTakenForAnOrdersFurtherLines()
    {
        // Blank amounts on rows of their own (another customer, or another time than the row before): only the rows' reasons.
        var path = _temp.File("transactions.csv", Header + "c1,2025-06-01,10.50,o1\nc2,2025-06-01,,o2\nc3,2025-06-02,7,o3\nc3,2025-06-03,,o4\n");

        var report = new TransactionLoader(options: new LoadOptions { OnBadRow = BadRowPolicy.Skip }).Load(path).Report;

        Assert.Equal((2L, 2L, 0L), (report.MissingAmounts, report.RowsRejected, report.MissingAmountsOnOrderLines));
        Assert.Null(report.Hint);
    }

    [Fact]
    public void IdsThatDifferOnlyInLetterCaseAreNamedAndTheSpecReadsThemAsOneCustomer()
    {
        // A shop keyed by email address: the customer typed it with capitals once.
        var path = _temp.File("orders.csv", Header + "Ann@Example.com,2025-06-01,10.50,o1\nbob@example.com,2025-06-01,5,o2\nann@example.com,2025-07-02,7,o3\n");
        var customers = _temp.File("customers.csv", "customer_id,channel\nANN@example.com,email\n");

        var exact = new TransactionLoader().Load(path).Report;
        var lowered = new TransactionLoader(SourceSpec.Parse("""{ "caseInsensitiveIds": true }""", "ids.json")).Load(path);
        var profiles = new CustomerLoader(SourceSpec.Parse("""{ "kind": "customers", "caseInsensitiveIds": true }""", "ids.json")).Load(customers);

        Assert.Equal((3, 1L), (exact.Customers, exact.CustomerIdsInAnotherCase));
        Assert.Equal("1 customer id differs from another only in letter case ('Ann@Example.com' and 'ann@example.com'), as people type their email addresses: ids are compared exactly, so each of these customers counts as two; give a source spec with \"caseInsensitiveIds\": true, which reads every id in lower case (and the customers file's spec the same, so that the files still match) (docs/data.md)", exact.Hint);
        Assert.Equal(["ann@example.com", "bob@example.com", "ann@example.com"], lowered.Transactions.Select(t => t.CustomerId));
        Assert.Equal((2, 0L, null), (lowered.Report.Customers, lowered.Report.CustomerIdsInAnotherCase, lowered.Report.Hint));
        Assert.Equal("ann@example.com", Assert.Single(profiles.Customers).CustomerId);
    }

    [Fact]
    public void AFutureDateGoesToTheQuarantineUnderSkipLikeAnyBadRow()
    {
        var path = _temp.File("transactions.csv", Header + "c1,2025-06-01,10.50,o1\nc2,2099-01-05,5,o2\nc3,2025-06-02,7,o3\n");
        var options = new LoadOptions
        {
            OnBadRow = BadRowPolicy.Skip,
            Clock = new FakeTimeProvider(new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.Zero)),
        };

        var set = new TransactionLoader(options: options).Load(path);

        Assert.Equal(["c1", "c3"], set.Transactions.Select(t => t.CustomerId));
        Assert.Equal(
            ["file,line,column,reason,raw", $"{path},3,timestamp,date 2099-01-05 is in the future (today is 2025-12-31 UTC),\"c2,2099-01-05,5,o2\""],
            File.ReadAllLines(set.Report.QuarantinePath!));
    }

    [Fact]
    public void RowsAfterTheAsOfDateAreCountedNotRejected()
    {
        var path = _temp.File("transactions.csv", Header + "c1,2024-01-31T23:59:00,10.50,o1\nc2,2024-02-01,5,o2\nc3,2024-02-03,5,o3\n");

        var report = new TransactionLoader(options: new LoadOptions { AsOf = new DateOnly(2024, 1, 31) }).Load(path).Report;

        Assert.Equal((3L, 0L, 2L), (report.RowsLoaded, report.RowsRejected, report.RowsAfterAsOf));
    }

    [Fact]
    public void AnEmptyFileGivesOneMessageSayingWhatWasExpected()
    {
        var path = _temp.File("transactions.csv", "");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));

        Assert.Equal($"{path}: the file is empty: expected a header line naming customer_id, timestamp, amount, then one row per transaction", error.Message);
    }

    [Fact]
    public void AMissingRequiredColumnIsNamedWithTheColumnsFound()
    {
        var error = OnlyError("customer_id,timestamp,total\nc1,2024-01-05,10\n");

        Assert.Equal(new RowError(PathOf("transactions.csv"), 1, "amount",
            "required column is missing: expected a header naming customer_id, timestamp, amount, separated by ',' "
            + "(or a source spec mapping them); found 3 columns: customer_id, timestamp, total; "
            + "the header looks like a source spec with \"mapping\": { \"amount\": \"total\" } (check it, then give it with --source: cvml validate --write-source FILE writes it)",
            "customer_id,timestamp,total"), error);
    }

    [Fact]
    public void ASemicolonFileReadAsCommaSeparatedSaysWhichDelimiterItLooksLike()
    {
        var error = OnlyError("customer_id;timestamp;amount\nc1;2024-01-05;10,5\n");

        Assert.Equal((1L, (string?)null), (error.Line, error.Column));
        Assert.Equal("found 1 column where columns separated by ',' were expected (customer_id, timestamp, amount): "
            + "the header is 'customer_id;timestamp;amount', which looks ';'-separated; give a source spec with \"delimiter\": \";\"", error.Reason);
    }

    [Fact]
    public void AHeaderlessFileWithTheWrongDelimiterFailsOnItsFirstRow()
    {
        var spec = new SourceSpec
        {
            Header = false,
            Mapping = new Dictionary<string, ColumnRef>
            {
                ["customer_id"] = ColumnRef.ByPosition(1), ["timestamp"] = ColumnRef.ByPosition(2), ["amount"] = ColumnRef.ByPosition(3),
            },
        };

        var error = OnlyError("c1\t2024-01-05\t10\n", spec: spec);

        Assert.Equal((1L, "found 1 column where at least 3 separated by ',' were expected; the row looks tab-separated: set \"delimiter\": \"tab\" in the source spec"),
            (error.Line, error.Reason));
    }

    [Fact]
    public void AMissingFileIsReportedAsNotFound()
    {
        var path = PathOf("nowhere.csv");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));

        Assert.Equal($"{path}: file not found", error.Message);
    }

    [Fact]
    public void LineNumbersArePhysicalLinesEvenAfterAQuotedLineBreak()
    {
        var error = OnlyError("customer_id,timestamp,amount,channel\nc1,2024-01-05,10,\"web\nshop\"\n\nc2,2024-01-0x,3,web\n");

        Assert.Equal((5L, "timestamp"), (error.Line, error.Column));
    }

    [Fact]
    public void FailPolicyListsTheFirstTwentyErrorsAndTheTotal()
    {
        var rows = string.Concat(Enumerable.Range(1, 25).Select(i => $"c{i},2024-01-xx,1,o{i}\n"));
        var path = _temp.File("many.csv", Header + "c0,2024-01-01,1,o0\n" + rows);

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));

        Assert.Equal(20, error.Errors.Count);
        Assert.Equal((26L, 25L, 1L), (error.Report.RowsRead, error.Report.RowsRejected, error.Report.RowsLoaded));
        Assert.StartsWith($"{path}: 25 of 26 rows rejected", error.Message);
        Assert.Contains($"  {path}:3: column 'timestamp': unparseable date '2024-01-xx'", error.Message);
        Assert.EndsWith("  … and 5 more", error.Message);
    }
}
