namespace CustomerValue.Training.Tests.Faults;

/// <summary>The command-line rows of issue 16's table of bad inputs, each with the clear answer it now gets.</summary>
public sealed class BadInputTableTests : IDisposable
{
    readonly string _temp = Directory.CreateTempSubdirectory("cvml-faults-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    string Write(string name, string text)
    {
        var path = Path.Combine(_temp, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("1e30", "1E+30 is beyond ±1e12, the largest amount accepted.")]
    [InlineData("-2e12", "-2000000000000 is beyond ±1e12, the largest amount accepted.")]
    [InlineData("1e308", "1E+308 is beyond ±1e12, the largest amount accepted.")]
    public async Task ValidateRejectsAnAmountBeyondATrillionNamingFileLineAndColumn(string amount, string reason)
    {
        var path = Write("orders.csv", $"customer_id,timestamp,amount\nc1,2024-01-05,10\nc2,2024-01-06,{amount}\n");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains($"{path}:3: column 'amount': {reason}", output);
        Assert.DoesNotContain("Exception", output);
    }

    [Fact]
    public async Task ValidateRejectsADateBefore1900()
    {
        var path = Write("orders.csv", "customer_id,timestamp,amount\nc1,0001-01-01,10\nc2,2024-01-06,5\n");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains($"{path}:2: column 'timestamp': 0001-01-01 is before 1900-01-01, the earliest date accepted.", output);
    }

    [Fact]
    public async Task TheQuarantineFileNeutralisesFormulas()
    {
        var path = Write("orders.csv", "customer_id,timestamp,amount\nc1,2024-01-05,10\n=1+1,2024-01-06\n");
        var quarantine = Path.Combine(_temp, "rejected.csv");

        var (exitCode, _) = await Cli.RunCombinedAsync("validate", "--transactions", path, "--on-bad-row", "skip", "--quarantine", quarantine);

        Assert.Equal(ExitCodes.Ok, exitCode);
        var rejected = File.ReadAllLines(quarantine)[1];
        Assert.EndsWith(",\"'=1+1,2024-01-06\"", rejected);
    }

    [Fact]
    public async Task AFolderGivenAsTheTransactionsFileIsNamedAsAFolder()
    {
        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", _temp);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains($"{_temp}: is a folder; give the file inside it", output);
        Assert.DoesNotContain("denied", output);
    }

    [Fact]
    public async Task ScoreIntoAStoreWhoseFolderDoesNotExistFailsAndCreatesNothing()
    {
        var missing = Path.Combine(_temp, "nope", "dir");
        var transactions = Path.Combine(Cli.Root, "data-samples", "synthetic", "transactions.csv");

        var (exitCode, output) = await Cli.RunCombinedAsync("score", "--transactions", transactions,
            "--model", Path.Combine(Cli.Root, "models", "current"), "--store", Path.Combine(missing, "x.db"));

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains($"The folder {missing} of the store", output);
        Assert.False(Directory.Exists(Path.Combine(_temp, "nope")));
    }

    [Fact]
    public async Task ACancelledCommandSaysCancelledAndExitsWith130()
    {
        var path = Write("orders.csv", "customer_id,timestamp,amount\nc1,2024-01-05,10\n");
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var exitCode = await CvmlCommand.Create().Parse(["validate", "--transactions", path])
            .InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error }, cancelled.Token);

        Assert.Equal(ExitCodes.Cancelled, exitCode);
        Assert.Equal("cancelled", error.ToString().Trim());
    }
}
