namespace CustomerValue.Training.Tests.Bench;

public sealed class FeaturesBenchTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("cvml-bench-features-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task FeaturesBenchReadsAGeneratedBaseAndPrintsOneRowPerRunAndTheMedian()
    {
        await Cli.RunCombinedAsync("generate", "--customers", "200", "--seed", "3", "--out", directory);

        var (exitCode, output, _) = await Cli.RunAsync("bench", "features",
            "--transactions", Path.Combine(directory, "transactions.csv"), "--customers", Path.Combine(directory, "customers.csv"), "--repeat", "2");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Matches(@"(?m)^1 +\d+\.\d\d +\d+\.\d +\d+\.\d\d +0\.\d\d +200 +[\d,]+$", output);
        Assert.Matches(@"(?m)^2 +\d+\.\d\d ", output);
        Assert.Matches(@"(?m)^median +\d+\.\d\d +\d+\.\d +\d+\.\d\d +0\.\d\d$", output);
        Assert.Contains("input: each customer's rows stand together (grouped or sorted by customer)", output);
    }

    [Fact]
    public async Task FeaturesBenchRejectsZeroRuns()
    {
        var (exitCode, _, error) = await Cli.RunAsync("bench", "features", "--transactions", "t.csv", "--repeat", "0");

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("--repeat must be at least 1.", error);
    }

    [Fact]
    public async Task FeaturesBenchNamesAMissingTransactionsFile()
    {
        var missing = Path.Combine(directory, "none.csv");

        var (exitCode, _, error) = await Cli.RunAsync("bench", "features", "--transactions", missing);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains($"{missing}: file not found", error);
    }
}
