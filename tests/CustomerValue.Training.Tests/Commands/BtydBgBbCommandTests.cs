using System.Text.Json;

namespace CustomerValue.Training.Tests.Commands;

public sealed class BtydBgBbCommandTests : IDisposable
{
    readonly string _temp = Directory.CreateTempSubdirectory("cvml-bgbb-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task BgBbOnTheDonationsPatternsReproducesThePublishedEstimatesAndLogLikelihood()
    {
        var (exitCode, output, error) = await Cli.RunAsync("btyd", "--model", "bgbb", "--patterns", Cli.Dataset("donations.csv"), "--json");

        Assert.True(exitCode == ExitCodes.Ok, error);
        var model = JsonDocument.Parse(output).RootElement.GetProperty("model");
        var parameters = model.GetProperty("parameters");
        Assert.Equal(1.204, Math.Round(parameters.GetProperty("alpha").GetDouble(), 3));
        Assert.Equal(0.750, Math.Round(parameters.GetProperty("beta").GetDouble(), 3));
        Assert.Equal(0.657, Math.Round(parameters.GetProperty("gamma").GetDouble(), 3));
        Assert.Equal(2.783, Math.Round(parameters.GetProperty("delta").GetDouble(), 3));
        Assert.Equal(-33225.6, Math.Round(model.GetProperty("logLikelihood").GetDouble(), 1));
    }

    [Fact]
    public async Task TheTextReportCarriesThePaperTableSixAndTheWorkbookTotal()
    {
        var (exitCode, output, _) = await Cli.RunAsync("btyd", "--model", "bgbb", "--patterns", Cli.Dataset("donations.csv"));

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("    6   6   6       1203        0.9304", output);
        Assert.Contains("all customers: 12884.2", output);
        Assert.Contains("    0       3464     3454.9", output);
    }

    [Fact]
    public async Task AnEventLogIsCutIntoPeriodsOfTheGivenLength()
    {
        var path = Path.Combine(_temp, "gifts.csv");
        // Yearly appeals from 2020: a gives every year, b once more in 2022, c only in 2023 (no opportunity yet).
        File.WriteAllText(path, "customer_id,timestamp,amount\n" +
            "a,2020-03-01,10\na,2021-03-01,10\na,2022-03-01,10\na,2023-03-01,10\n" +
            "b,2020-05-01,5\nb,2022-06-01,5\n" +
            "c,2023-01-10,7\n");

        var (exitCode, output, error) = await Cli.RunAsync("btyd", "--model", "bgbb", "--transactions", path,
            "--period-days", "365", "--period-start", "2020-01-01", "--calibration-end", "2023-12-30", "--json");

        Assert.True(exitCode == ExitCodes.Ok, error);
        var patterns = JsonDocument.Parse(output).RootElement.GetProperty("patterns").EnumerateArray()
            .Select(p => (p.GetProperty("frequency").GetInt32(), p.GetProperty("recency").GetInt32(), p.GetProperty("opportunities").GetInt32()))
            .ToArray();
        Assert.Equal([(1, 2, 3), (3, 3, 3)], patterns);
    }

    [Fact]
    public async Task BgBbWithoutPatternsOrPeriodLengthIsBadInput()
    {
        var (exitCode, _, error) = await Cli.RunAsync("btyd", "--model", "bgbb", "--transactions", Cli.Dataset("CDNOW_sample.txt"));

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("--period-days", error);
    }
}
