using CustomerValue.Core.Data;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Tests.TestData;
using static CustomerValue.Core.Tests.TestData.ParquetFiles;

namespace CustomerValue.Core.Tests.Data;

public sealed class ParquetSourceTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    static string Sample(string file) => Path.Combine(TestData.RepositoryRoot, "data-samples", "synthetic", file);

    static LoadOptions Skip(string quarantine) => new() { OnBadRow = BadRowPolicy.Skip, QuarantinePath = quarantine };

    [Fact]
    public void AParquetExportOfTheSyntheticBaseLoadsToExactlyTheTransactionsOfItsCsv()
    {
        var parquet = _temp.Combine("transactions.parquet");
        TransactionsFromCsv(Sample("transactions.csv"), parquet, rowGroupSize: 4000);

        var fromCsv = new TransactionLoader().Load(Sample("transactions.csv"));
        var fromParquet = new TransactionLoader().Load(parquet);

        Assert.Equal(fromCsv.Transactions, fromParquet.Transactions);
        Assert.Equal((fromCsv.Report.RowsRead, fromCsv.Report.Customers), (fromParquet.Report.RowsRead, fromParquet.Report.Customers));
        Assert.Equal(fromCsv.Report.BlankValues, fromParquet.Report.BlankValues);
        Assert.Equal(parquet, fromParquet.Report.File);
    }

    [Fact]
    public void AParquetExportOfTheSyntheticCustomersLoadsToTheProfilesAndSchemaOfItsCsv()
    {
        var parquet = _temp.Combine("customers.parquet");
        CustomersFromCsv(Sample("customers.csv"), parquet, rowGroupSize: 1000);

        var fromCsv = new CustomerLoader().Load(Sample("customers.csv"));
        var fromParquet = new CustomerLoader().Load(parquet);

        Assert.Equal(fromCsv.Customers.Select(ProfileText.Describe), fromParquet.Customers.Select(ProfileText.Describe));
        Assert.Equal(fromCsv.Schema.Attributes, fromParquet.Schema.Attributes);
    }

    [Fact]
    public void TypedColumnsNeedNoFormatsAndMapThroughTheSpecLikeCsvColumns()
    {
        var parquet = _temp.Combine("orders.parquet");
        Write(parquet, 10,
            Values<long>("client", 17, 42),
            Timestamps("ordered_at", utc: true, new DateTime(2024, 3, 1, 9, 30, 0, DateTimeKind.Utc), new DateTime(2024, 3, 2, 0, 0, 0, DateTimeKind.Utc)),
            Values<double>("total", 12.5, -3.25),
            Values<float>("qty", 1.1f, 2f));
        // A spec written for a day-first, comma-decimal CSV: its formats and culture do not apply to typed values.
        var spec = SourceSpec.Parse("""
            {
              "culture": "de-DE",
              "dateFormats": ["dd.MM.yyyy"],
              "mapping": { "customer_id": "client", "timestamp": "ordered_at", "amount": "total", "quantity": 4 }
            }
            """, "spec.json");

        var set = new TransactionLoader(spec).Load(parquet);

        Assert.Equal(
        [
            new Transaction("17", new DateTime(2024, 3, 1, 9, 30, 0, DateTimeKind.Utc), 12.5, null, 1.1, null, null),
            new Transaction("42", new DateTime(2024, 3, 2, 0, 0, 0, DateTimeKind.Utc), -3.25, null, 2, null, null),
        ], set.Transactions);
    }

    [Fact]
    public void BadRowsAreReportedByFileRowWithinTheFileAndColumnAcrossRowGroups()
    {
        var parquet = _temp.Combine("bad.parquet");
        Write(parquet, rowGroupSize: 2,
            Text("customer_id", "c1", "c2", null, "c4", "c5"),
            Timestamps("timestamp", utc: false, new DateTime(2024, 1, 5), null, new DateTime(2024, 1, 7), new DateTime(2024, 1, 8), new DateTime(2024, 1, 9)),
            Text("amount", "10", "11", "12", "abc", "14.5"));

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(parquet));

        Assert.Equal(
        [
            $"{parquet}:2: column 'timestamp': missing date",
            $"{parquet}:3: column 'customer_id': missing customer id",
            $"{parquet}:4: column 'amount': non-numeric amount 'abc'",
        ], error.Errors.Select(e => e.ToString()));
        Assert.Equal((5L, 3L), (error.Report.RowsRead, error.Report.RowsRejected));
    }

    [Fact]
    public void SkippedParquetRowsGoToTheQuarantineFileAsCsvRecordsOfTheirValues()
    {
        var parquet = _temp.Combine("bad.parquet");
        Write(parquet, rowGroupSize: 10,
            Text("customer_id", "c1", "c2", "c3"),
            Timestamps("timestamp", utc: false, new DateTime(2024, 1, 5, 8, 0, 0), new DateTime(2024, 1, 6), new DateTime(2024, 1, 7)),
            Values<double>("amount", 10, null, 12),
            Text("channel", "web", "a, \"b\"", null));
        var quarantine = _temp.Combine("q.csv");

        var set = new TransactionLoader(options: Skip(quarantine)).Load(parquet);

        Assert.Equal(["c1", "c3"], set.Transactions.Select(t => t.CustomerId));
        Assert.Equal(
            "file,line,column,reason,raw\n"
            + $"{parquet},2,amount,missing amount,\"c2,2024-01-06,,\"\"a, \"\"\"\"b\"\"\"\"\"\"\"\n",
            File.ReadAllText(quarantine));
    }

    [Fact]
    public void AColumnOfTheWrongTypeRejectsItsRowsNamingTheColumnAndTheValue()
    {
        var parquet = _temp.Combine("wrong.parquet");
        Write(parquet, 10,
            Text("customer_id", "c1"),
            Values<double>("timestamp", 20240105),
            Timestamps("amount", utc: false, new DateTime(2024, 1, 5)));

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(parquet));

        var only = Assert.Single(error.Errors);
        Assert.Equal((1L, "timestamp"), (only.Line, only.Column));
        Assert.StartsWith("unparseable date '20240105'", only.Reason);
    }

    [Fact]
    public void TheSpecCanSayAFileIsParquetWhateverItsName()
    {
        var file = _temp.Combine("export.bin");
        Write(file, 10, Text("customer_id", "c1"), Timestamps("timestamp", utc: false, new DateTime(2024, 1, 5)), Values<int>("amount", 3));

        var set = new TransactionLoader(SourceSpec.Parse("""{ "format": "parquet" }""", "spec.json")).Load(file);

        Assert.Equal([new Transaction("c1", new DateTime(2024, 1, 5), 3, null, null, null, null)], set.Transactions);
    }

    [Fact]
    public void SpecColumnsRenameTheFilesColumnsAndMustCountThemAll()
    {
        var parquet = _temp.Combine("t.parquet");
        Write(parquet, 10, Text("a", "c1"), Timestamps("b", utc: false, new DateTime(2024, 1, 5)), Values<int>("c", 3));

        var renamed = new TransactionLoader(SourceSpec.Parse("""{ "columns": ["customer_id", "timestamp", "amount"] }""", "spec.json")).Load(parquet);
        var tooFew = Assert.Throws<DataLoadException>(() =>
            new TransactionLoader(SourceSpec.Parse("""{ "columns": ["customer_id", "timestamp"] }""", "spec.json")).Load(parquet));

        Assert.Equal([new Transaction("c1", new DateTime(2024, 1, 5), 3, null, null, null, null)], renamed.Transactions);
        Assert.Equal($"{parquet}: \"columns\" lists 2 names, but the source has 3 columns: a, b, c", tooFew.Message);
    }

    [Fact]
    public void AFileThatIsNotParquetIsAProblemOfTheWholeFile()
    {
        var path = _temp.File("t.parquet", "customer_id,timestamp,amount\nc1,2024-01-05,1\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));

        Assert.StartsWith($"{path}: cannot be read as Parquet", error.Message);
    }

    [Fact]
    public void AMissingRequiredColumnIsNamedWithTheColumnsTheFileHas()
    {
        var parquet = _temp.Combine("t.parquet");
        Write(parquet, 10, Text("customer_id", "c1"), Timestamps("ts", utc: false, new DateTime(2024, 1, 5)), Values<int>("amount", 3));

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(parquet));

        Assert.Contains("column 'timestamp': required column is missing", error.Message);
        Assert.Contains("found 3 columns: customer_id, ts, amount", error.Message);
    }
}
