using CustomerValue.Modeling.Synthetic;

namespace CustomerValue.Training.Tests.Commands;

public sealed class GenerateCommandTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("cvml-generate-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    string PathOf(string file) => Path.Combine(directory, file);

    [Fact]
    public async Task GenerateWritesThreeFilesWithTheContractHeadersForAThousandCustomers()
    {
        var (exitCode, output) = await Cli.RunCombinedAsync("generate", "--customers", "1000", "--seed", "7", "--out", directory);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("Wrote 1,000 customers", output);
        var customers = File.ReadAllLines(PathOf("customers.csv"));
        var transactions = File.ReadAllLines(PathOf("transactions.csv"));
        var truth = File.ReadAllLines(PathOf("truth.csv"));
        Assert.Equal("customer_id,signup_date,postal_code,device,channel,newsletter,age_band,loyalty_points", customers[0]);
        Assert.Equal("customer_id,timestamp,amount,order_id,quantity,channel,device", transactions[0]);
        Assert.StartsWith("customer_id,expected_future_spend,expected_future_orders,probability_alive,", truth[0]);
        Assert.Equal(1001, customers.Length);
        Assert.Equal(1001, truth.Length);
        Assert.InRange(transactions.Length, 2000, 30000);
    }

    [Fact]
    public async Task GenerateWritesWhatTheCoreWriterWritesForTheSameOptions()
    {
        using var reference = new TempFolder();
        SyntheticDatasetWriter.Write(new SyntheticDataOptions { Customers = 300, Seed = 5, HorizonDays = 180, End = new DateOnly(2025, 6, 30) }, reference.Path);

        var (exitCode, _) = await Cli.RunCombinedAsync("generate", "--customers", "300", "--seed", "5", "--horizon-days", "180", "--end", "2025-06-30", "--out", directory);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference.Path, "truth.csv")), File.ReadAllBytes(PathOf("truth.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference.Path, "transactions.csv")), File.ReadAllBytes(PathOf("transactions.csv")));
        Assert.EndsWith(",2025-01-01,180", File.ReadLines(PathOf("truth.csv")).Skip(1).First());
    }

    [Fact]
    public async Task GenerateRejectsAHorizonPastTheEndOfTheData()
    {
        var (exitCode, output) = await Cli.RunCombinedAsync("generate", "--out", directory, "--truth-date", "2025-06-01");

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("runs past the end date 2025-12-31", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
    }

    [Fact]
    public async Task GenerateRejectsADateThatIsNotIso()
    {
        var (exitCode, output) = await Cli.RunCombinedAsync("generate", "--out", directory, "--start", "01/02/2023");

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("Option '--start' expects a date as yyyy-MM-dd, not '01/02/2023'.", output);
    }

    [Fact]
    public async Task GenerateRejectsZeroCustomers()
    {
        var (exitCode, output) = await Cli.RunCombinedAsync("generate", "--customers", "0", "--out", directory);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("The number of customers must be at least 1 (got 0).", output);
    }

    [Fact]
    public async Task GenerateRequiresAnOutputDirectory()
    {
        var (exitCode, output) = await Cli.RunCombinedAsync("generate", "--customers", "10");

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("--out", output);
    }

    [Fact]
    public async Task GenerateReportsAnOutputPathThatIsAFile()
    {
        var file = PathOf("not-a-directory");
        File.WriteAllText(file, "");

        var (exitCode, output) = await Cli.RunCombinedAsync("generate", "--customers", "10", "--out", file);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.StartsWith($"Cannot write to {file}:", output);
    }

    sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("cvml-generate-ref-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
