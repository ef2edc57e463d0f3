namespace CustomerValue.Training.Tests.Bench;

public sealed class BenchOptionsTests
{
    [Fact]
    public async Task ARunCountIsCheckedOnceHoweverOftenTheCommandLineIsBuilt()
    {
        CvmlCommand.Create();
        CvmlCommand.Create();

        var (_, _, error) = await Cli.RunAsync("bench", "store", "--repeat", "0");

        Assert.Single(error.Split('\n'), line => line.Contains("--repeat must be at least 1.", StringComparison.Ordinal));
    }
}
