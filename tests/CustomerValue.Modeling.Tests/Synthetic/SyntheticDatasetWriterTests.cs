using CustomerValue.Modeling.Synthetic;
using CustomerValue.Modeling.Tests.TestData;

namespace CustomerValue.Modeling.Tests.Synthetic;

public sealed class SyntheticDatasetWriterTests
{
    static readonly string[] FileNames = [SyntheticFiles.CustomersFile, SyntheticFiles.TransactionsFile, SyntheticFiles.TruthFile];

    static string[] Column(string path, int column) =>
        File.ReadLines(path).Skip(1).Select(line => line.Split(',')[column]).ToArray();

    [Fact]
    public void TheSameSeedWritesByteIdenticalFiles()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var options = new SyntheticDataOptions { Customers = 5_000, Seed = 3 };

        SyntheticDatasetWriter.Write(options, first.Path);
        SyntheticDatasetWriter.Write(options, second.Path);

        Assert.All(FileNames, name => Assert.Equal(File.ReadAllBytes(first.File(name)), File.ReadAllBytes(second.File(name))));
    }

    [Fact]
    public void ADifferentSeedWritesDifferentFiles()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        SyntheticDatasetWriter.Write(new SyntheticDataOptions { Customers = 500, Seed = 3 }, first.Path);
        SyntheticDatasetWriter.Write(new SyntheticDataOptions { Customers = 500, Seed = 4 }, second.Path);

        Assert.All(FileNames, name => Assert.NotEqual(File.ReadAllBytes(first.File(name)), File.ReadAllBytes(second.File(name))));
    }

    [Fact]
    public void FilesStartWithTheDataContractHeaders()
    {
        using var directory = new TempDirectory();

        SyntheticDatasetWriter.Write(new SyntheticDataOptions { Customers = 50 }, directory.Path);

        Assert.Equal("customer_id,signup_date,postal_code,device,channel,newsletter,age_band,loyalty_points",
            File.ReadLines(directory.File(SyntheticFiles.CustomersFile)).First());
        Assert.Equal("customer_id,timestamp,amount,order_id,quantity,channel,device",
            File.ReadLines(directory.File(SyntheticFiles.TransactionsFile)).First());
        Assert.Equal("customer_id,expected_future_spend,expected_future_orders,probability_alive,expected_future_net_amount,lambda,mu,mean_spend,conversion_probability,conversion_rate,truth_date,horizon_days",
            File.ReadLines(directory.File(SyntheticFiles.TruthFile)).First());
    }

    [Fact]
    public void EveryCustomerInTransactionsAndTruthHasAProfile()
    {
        using var directory = new TempDirectory();

        SyntheticDatasetWriter.Write(new SyntheticDataOptions { Customers = 3_000 }, directory.Path);

        var profiles = Column(directory.File(SyntheticFiles.CustomersFile), 0);
        var buyers = Column(directory.File(SyntheticFiles.TransactionsFile), 0).Distinct().ToArray();
        Assert.Equal(3_000, profiles.Distinct().Count());
        Assert.Empty(buyers.Except(profiles));
        Assert.Equal(profiles, Column(directory.File(SyntheticFiles.TruthFile), 0));
        Assert.True(buyers.Length < profiles.Length, "some customers never buy");
    }

    [Fact]
    public void LinesAreInvariantCultureWithTwoDecimalAmounts()
    {
        using var directory = new TempDirectory();

        SyntheticDatasetWriter.Write(new SyntheticDataOptions { Customers = 300 }, directory.Path);

        var lines = File.ReadLines(directory.File(SyntheticFiles.TransactionsFile)).Skip(1).ToArray();
        Assert.All(lines, line => Assert.Matches(
            @"^C\d{6},\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2},-?\d+\.\d{2},C\d{6}-\d{2,},-?\d+,(online|store),(ios|android|web)?$", line));
        Assert.All(File.ReadLines(directory.File(SyntheticFiles.CustomersFile)).Skip(1), line => Assert.Matches(
            @"^C\d{6},\d{4}-\d{2}-\d{2},\d{5},(ios|android|web),[a-z_]+,(true|false),[0-9+-]+,\d+$", line));
    }

    [Fact]
    public void TheSummaryCountsWhatTheFilesHold()
    {
        using var directory = new TempDirectory();

        var summary = SyntheticDatasetWriter.Write(new SyntheticDataOptions { Customers = 1_000, Seed = 9 }, directory.Path);

        var amounts = Column(directory.File(SyntheticFiles.TransactionsFile), 2);
        var buyers = Column(directory.File(SyntheticFiles.TransactionsFile), 0).Distinct().Count();
        Assert.Equal(amounts.Count(a => !a.StartsWith('-')), summary.Orders);
        Assert.Equal(amounts.Count(a => a.StartsWith('-')), summary.Returns);
        Assert.Equal(1_000 - buyers, summary.Prospects);
        Assert.Equal(new FileInfo(directory.File(SyntheticFiles.TransactionsFile)).Length, summary.TransactionsFileBytes);
        Assert.Equal(new DateOnly(2024, 12, 31), summary.TruthDate);
    }

    [Fact]
    public void ACancelledRunLeavesNoFilesBehind()
    {
        using var directory = new TempDirectory();
        using var cancellation = new CancellationTokenSource();
        var progress = new CancelOnFirstReport(cancellation);

        Assert.ThrowsAny<OperationCanceledException>(() =>
            SyntheticDatasetWriter.Write(new SyntheticDataOptions { Customers = 100_000 }, directory.Path, progress: progress, cancellationToken: cancellation.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(directory.Path));
    }

    sealed class CancelOnFirstReport(CancellationTokenSource cancellation) : IProgress<int>
    {
        public void Report(int value) => cancellation.Cancel();
    }
}
