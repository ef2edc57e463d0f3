using System.IO.Compression;
using CustomerValue.Core.Data;
using CustomerValue.Core.Tests.TestData;

namespace CustomerValue.Core.Tests.Data;

/// <summary>Exports arrive gzipped or zipped: they are read as they decompress, and a damaged one stops instead of loading part.</summary>
public sealed class CompressedSourceTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    static string Sample(string file) => Path.Combine(TestData.RepositoryRoot, "data-samples", "synthetic", file);

    string Gzip(string source, string name)
    {
        var path = _temp.Combine(name);
        using (var input = File.OpenRead(source))
        using (var output = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            input.CopyTo(output);
        return path;
    }

    string Zip(string name, params (string Entry, string Source)[] files)
    {
        var path = _temp.Combine(name);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entry, source) in files)
            archive.CreateEntryFromFile(source, entry);
        return path;
    }

    [Fact]
    public void GzipAndOneFileZipExportsLoadToExactlyTheRowsOfTheirCsv()
    {
        var plain = new TransactionLoader().Load(Sample("transactions.csv"));
        // Named without .gz or .zip: the first bytes say what a file is.
        var gzipped = new TransactionLoader().Load(Gzip(Sample("transactions.csv"), "transactions.export"));
        var zipped = new TransactionLoader().Load(Zip("transactions.zip", ("data/transactions.csv", Sample("transactions.csv"))));

        Assert.Equal(plain.Transactions, gzipped.Transactions);
        Assert.Equal(plain.Transactions, zipped.Transactions);
        Assert.Equal(plain.Report.RowsRead, gzipped.Report.RowsRead);
        Assert.Equal(plain.Report.RowsRead, zipped.Report.RowsRead);

        var customers = new CustomerLoader().Load(Sample("customers.csv"));
        var gzippedCustomers = new CustomerLoader().Load(Gzip(Sample("customers.csv"), "customers.csv.gz"));
        Assert.Equal(customers.Customers.Select(ProfileText.Describe), gzippedCustomers.Customers.Select(ProfileText.Describe));
    }

    [Fact]
    public void AZipMadeOnAMacReadsItsOneFilePastTheResourceForks()
    {
        var path = Zip("orders.zip", ("orders/transactions.csv", Sample("transactions.csv")), ("__MACOSX/orders/._transactions.csv", Sample("customers.csv")));

        var set = new TransactionLoader().Load(path);

        Assert.Equal(new TransactionLoader().Load(Sample("transactions.csv")).Transactions, set.Transactions);
    }

    [Fact]
    public void AZipOfSeveralFilesIsRefusedNamingThem()
    {
        var path = Zip("olist.zip", ("orders.csv", Sample("transactions.csv")), ("customers.csv", Sample("customers.csv")));

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));

        Assert.StartsWith($"{path}: is a zip archive of 2 files (orders.csv, customers.csv): unzip it and give one file", error.Message);
    }

    [Fact]
    public void ASpreadsheetOrParquetFileGivenAsCsvIsNamedForWhatItIs()
    {
        var xlsx = Zip("orders.xlsx", ("[Content_Types].xml", Sample("customers.csv")), ("xl/workbook.xml", Sample("customers.csv")), ("xl/worksheets/sheet1.xml", Sample("customers.csv")));
        var xls = _temp.Combine("orders.xls");
        File.WriteAllBytes(xls, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]);
        var parquet = _temp.Combine("orders.csv");
        File.WriteAllBytes(parquet, [.. "PAR1"u8, 0, 0, 0, 0]);

        Assert.StartsWith($"{xlsx}: is an Excel workbook (.xlsx), not a CSV file: save the sheet as CSV",
            Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(xlsx)).Message);
        Assert.StartsWith($"{xls}: is an Excel workbook in the old binary format (.xls), not a CSV file",
            Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(xls)).Message);
        Assert.StartsWith($"{parquet}: is a Parquet file: give it a name ending in .parquet",
            Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(parquet)).Message);
    }

    [Fact]
    public void AGzipFileCutShortStopsRatherThanLoadingTheRowsBeforeTheCut()
    {
        var whole = Gzip(Sample("transactions.csv"), "whole.csv.gz");
        var bytes = File.ReadAllBytes(whole);
        var cut = _temp.Combine("cut.csv.gz");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);

        // Skipping bad rows must not skip the end of the file: the cut is a problem of the whole file.
        var error = Assert.Throws<DataLoadException>(() =>
            new TransactionLoader(options: new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") }).Load(cut));

        Assert.Contains($"{cut}: the gzip data stops after", error.Message, StringComparison.Ordinal);
        Assert.Contains("the file was cut short", error.Message, StringComparison.Ordinal);
    }
}
