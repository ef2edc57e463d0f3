using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

/// <summary>The CDNOW sample with line 7's date broken, under both bad-row policies.</summary>
public sealed class CdnowBrokenDateTests : IDisposable
{
    readonly TempFolder _temp = new();
    readonly SourceSpec _spec = SourceSpec.Load(TestData.Spec("cdnow.json"));
    readonly string _path;
    readonly string _brokenLine;

    public CdnowBrokenDateTests()
    {
        var lines = File.ReadAllText(TestData.Dataset("CDNOW_sample.txt")).Split("\r\n");
        lines[6] = lines[6].Replace("19970", "1997x", StringComparison.Ordinal);
        _brokenLine = lines[6];
        _path = _temp.Combine("CDNOW_sample.txt");
        File.WriteAllText(_path, string.Join("\r\n", lines));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void FailPolicyNamesLineSevenAndTheDateColumn()
    {
        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader(_spec).Load(_path));

        var only = Assert.Single(error.Errors);
        Assert.Equal(new RowError(_path, 7, "date", $"unparseable date '{_brokenLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]}' (expected yyyyMMdd)", _brokenLine), only);
        Assert.Equal((6919L, 1L, 6918L), (error.Report.RowsRead, error.Report.RowsRejected, error.Report.RowsLoaded));
        Assert.Null(error.Report.QuarantinePath);
    }

    [Fact]
    public void SkipPolicyLoadsTheOtherRowsAndQuarantinesLineSeven()
    {
        var quarantine = _temp.Combine("rejected.csv");
        var options = new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = quarantine };

        var set = new TransactionLoader(_spec, options).Load(_path);

        Assert.Equal(6918, set.Transactions.Count);
        Assert.Equal((6919L, 6918L, 1L), (set.Report.RowsRead, set.Report.RowsLoaded, set.Report.RowsRejected));
        Assert.Equal(quarantine, set.Report.QuarantinePath);
        var date = _brokenLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
        Assert.Equal(
            ["file,line,column,reason,raw", $"{_path},7,date,unparseable date '{date}' (expected yyyyMMdd),{_brokenLine}"],
            File.ReadAllLines(quarantine));
    }

    [Fact]
    public void SkipPolicyDefaultsTheQuarantineFileToNextToTheInput()
    {
        var options = new LoadOptions { OnBadRow = BadRowPolicy.Skip };

        var set = new TransactionLoader(_spec, options).Load(_path);

        Assert.Equal(_temp.Combine("CDNOW_sample.rejected.csv"), set.Report.QuarantinePath);
        Assert.Equal(2, File.ReadAllLines(set.Report.QuarantinePath!).Length);
    }
}
