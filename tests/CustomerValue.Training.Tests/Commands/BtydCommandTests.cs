using System.Text.Json;

namespace CustomerValue.Training.Tests.Commands;

public sealed class BtydCommandTests : IDisposable
{
    static readonly Lazy<Task<(int ExitCode, string Output, string Error)>> CdnowAll = new(() => Cli.RunAsync(
        "btyd", "--transactions", Cli.Dataset("CDNOW_sample.txt"), "--source", Cli.Spec("cdnow.json"),
        "--calibration-end", "1997-09-30", "--observation-end", "1998-06-30", "--time-unit", "week", "--model", "all", "--json"));

    readonly string _temp = Path.Combine(Path.GetTempPath(), "cvml-btyd-" + Guid.NewGuid().ToString("N"));

    public BtydCommandTests() => Directory.CreateDirectory(_temp);

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    static async Task<JsonElement> CdnowJson()
    {
        var (exitCode, output, error) = await CdnowAll.Value;
        Assert.True(exitCode == ExitCodes.Ok, error);
        return JsonDocument.Parse(output).RootElement;
    }

    static double Parameter(JsonElement root, string model, string name) =>
        root.GetProperty("models").GetProperty(model).GetProperty("parameters").GetProperty(name).GetDouble();

    [Fact]
    public async Task BgNbdOnTheCdnowSampleReproducesThePublishedEstimates()
    {
        var root = await CdnowJson();

        Assert.Equal(0.2426, Parameter(root, "bgnbd", "r"), 5e-4);
        Assert.Equal(4.4135, Parameter(root, "bgnbd", "alpha"), 5e-3);
        Assert.Equal(0.7929, Parameter(root, "bgnbd", "a"), 5e-4);
        Assert.Equal(2.4258, Parameter(root, "bgnbd", "b"), 5e-3);
        Assert.Equal(-9582.43, root.GetProperty("models").GetProperty("bgnbd").GetProperty("logLikelihood").GetDouble(), 5e-3);
        Assert.True(root.GetProperty("models").GetProperty("bgnbd").GetProperty("converged").GetBoolean());
    }

    [Fact]
    public async Task ParetoNbdOnTheCdnowSampleReproducesThePublishedEstimates()
    {
        var root = await CdnowJson();

        Assert.Equal(0.5533, Parameter(root, "paretonbd", "r"), 5e-4);
        Assert.Equal(10.578, Parameter(root, "paretonbd", "alpha"), 1e-2);
        Assert.Equal(0.6062, Parameter(root, "paretonbd", "s"), 5e-4);
        Assert.Equal(11.667, Parameter(root, "paretonbd", "beta"), 1e-2);
    }

    [Fact]
    public async Task MbgNbdOnTheCdnowSampleReproducesThePublishedEstimates()
    {
        var root = await CdnowJson();

        Assert.Equal(0.525, Parameter(root, "mbgnbd", "r"), 1e-3);
        Assert.Equal(6.183, Parameter(root, "mbgnbd", "alpha"), 5e-3);
        Assert.Equal(0.891, Parameter(root, "mbgnbd", "a"), 1e-3);
        Assert.Equal(1.614, Parameter(root, "mbgnbd", "b"), 5e-3);
    }

    [Fact]
    public async Task GammaGammaOnTheCdnowSampleReproducesThePublishedEstimatesOn946RepeatCustomers()
    {
        var spend = (await CdnowJson()).GetProperty("gammaGamma");

        Assert.Equal(6.25, spend.GetProperty("parameters").GetProperty("p").GetDouble(), 5e-3);
        Assert.Equal(3.74, spend.GetProperty("parameters").GetProperty("q").GetDouble(), 5e-3);
        Assert.Equal(15.44, spend.GetProperty("parameters").GetProperty("gamma").GetDouble(), 1e-2);
        Assert.Equal(946, spend.GetProperty("customersUsed").GetInt32());
        Assert.Equal(1411, spend.GetProperty("excludedWithoutRepeats").GetInt32());
    }

    [Fact]
    public async Task HoldoutActualIsThe1882CustomerDaysOfTheCdnowHoldout()
    {
        var root = await CdnowJson();

        var holdout = root.GetProperty("models").GetProperty("bgnbd").GetProperty("holdout");
        Assert.Equal(1882, holdout.GetProperty("actual").GetDouble());
        Assert.Equal(1882, root.GetProperty("data").GetProperty("holdoutPurchaseDays").GetInt32());
        Assert.Equal(39, holdout.GetProperty("length").GetDouble(), 1e-12);
        Assert.Equal(2357, holdout.GetProperty("customers").GetInt32());
    }

    [Fact]
    public async Task HoldoutByFrequencyGroupsAllCustomersFromZeroToSevenPlus()
    {
        var rows = (await CdnowJson()).GetProperty("models").GetProperty("bgnbd").GetProperty("holdout").GetProperty("byFrequency")
            .EnumerateArray().ToList();

        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7+"], rows.Select(r => r.GetProperty("frequency").GetString()));
        Assert.Equal([1411, 439, 214, 100, 62, 38, 29, 64], rows.Select(r => r.GetProperty("customers").GetInt32()));
        // The 1,411 one-time buyers made 334 holdout purchase days: a mean of 334 / 1411.
        Assert.Equal(334.0 / 1411, rows[0].GetProperty("meanActual").GetDouble(), 1e-12);
    }

    [Fact]
    public async Task JsonCarriesTheDataCountsAndTheTimeUnit()
    {
        var root = await CdnowJson();

        Assert.Equal("weeks", root.GetProperty("timeUnit").GetString());
        Assert.Equal(6919, root.GetProperty("data").GetProperty("rowsLoaded").GetInt64());
        Assert.Equal(2357, root.GetProperty("data").GetProperty("customers").GetInt32());
        Assert.Equal(946, root.GetProperty("data").GetProperty("repeatCustomers").GetInt32());
        Assert.Equal(4814, root.GetProperty("data").GetProperty("calibrationPurchaseDays").GetInt32());
        // Nothing was returned: no kept share.
        Assert.False(root.GetProperty("data").TryGetProperty("keptShare", out _));
    }

    [Fact]
    public async Task WhereCustomersReturnedPartOfWhatTheyBoughtTheOutputSaysTheValuesAreBeforeReturns()
    {
        // 20 customers buying 100 twice; half of them return 50 of their first order: 500 of 4,000 returned.
        var path = Path.Combine(_temp, "returned.csv");
        var lines = new List<string> { "customer_id,timestamp,amount" };
        for (var c = 0; c < 20; c++)
        {
            lines.AddRange([$"c{c:00},2024-01-05,100", $"c{c:00},2024-02-05,100"]);
            if (c < 10)
                lines.Add($"c{c:00},2024-01-10,-50");
        }
        File.WriteAllLines(path, lines);

        var (_, output, _) = await Cli.RunAsync("btyd", "--transactions", path, "--calibration-end", "2024-03-31");
        var (_, json, _) = await Cli.RunAsync("btyd", "--transactions", path, "--calibration-end", "2024-03-31", "--json");

        Assert.Contains("returns: the customers kept 87.5% of what they bought on their calibration purchase days; " +
            "Gamma-Gamma reads spend as paid per purchase, so the expected values below are before returns", output);
        Assert.Equal(0.875, JsonDocument.Parse(json).RootElement.GetProperty("data").GetProperty("keptShare").GetDouble(), 1e-12);
    }

    [Fact]
    public async Task ACalibrationEndingAfterTheDataIsWarnedOfAsDaysNobodyBought()
    {
        // CDNOW's sample ends 1998-06-30: calibrated to the year's end, every customer looks 26 weeks quieter than they were.
        string[] late = ["btyd", "--transactions", Cli.Dataset("CDNOW_sample.txt"), "--source", Cli.Spec("cdnow.json"), "--calibration-end", "1998-12-31", "--model", "bgnbd"];

        var (exitCode, output, _) = await Cli.RunAsync(late);
        var (_, json, _) = await Cli.RunAsync([.. late, "--json"]);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("warning: the data ends 1998-06-30, 184 days before --calibration-end: every customer's age runs to it, so those days count as days nobody bought", output);
        Assert.True(JsonDocument.Parse(json).RootElement.GetProperty("data").GetProperty("calibrationPastData").GetBoolean());
        Assert.False((await CdnowJson()).GetProperty("data").GetProperty("calibrationPastData").GetBoolean());
    }

    [Fact]
    public async Task TextOutputExplainsTheBgNbdNoRepeatCaveat()
    {
        var (exitCode, output, _) = await Cli.RunAsync("btyd", "--transactions", Cli.Dataset("CDNOW_sample.txt"), "--source", Cli.Spec("cdnow.json"),
            "--calibration-end", "1997-09-30", "--model", "bgnbd");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("P(alive) = 1 for every customer with no repeat purchases", output);
        Assert.Contains("Use MBG/NBD", output);
        Assert.DoesNotContain("holdout:", output);
    }

    [Fact]
    public async Task BadRowExitsWithOneAndTheLoadersMessage()
    {
        var path = Path.Combine(_temp, "orders.csv");
        File.WriteAllText(path, "customer_id,timestamp,amount\nc1,2024-01-05,10\nc2,2024-01-06,ten\n");

        var (exitCode, _, error) = await Cli.RunAsync("btyd", "--transactions", path, "--calibration-end", "2024-01-31");

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains($"{path}:3: column 'amount': non-numeric amount 'ten'", error);
    }

    [Fact]
    public async Task CalibrationEndBeforeAnyPurchaseExitsWithOne()
    {
        var (exitCode, _, error) = await Cli.RunAsync("btyd", "--transactions", Cli.Dataset("CDNOW_sample.txt"), "--source", Cli.Spec("cdnow.json"),
            "--calibration-end", "1996-12-31");

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("no customer has a purchase day on or before --calibration-end 1996-12-31", error);
    }

    [Fact]
    public async Task ObservationEndNotAfterCalibrationEndExitsWithOne()
    {
        var (exitCode, _, error) = await Cli.RunAsync("btyd", "--transactions", Cli.Dataset("CDNOW_sample.txt"), "--source", Cli.Spec("cdnow.json"),
            "--calibration-end", "1997-09-30", "--observation-end", "1997-09-30");

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("must be after --calibration-end", error);
    }

    [Fact]
    public async Task FitThatDoesNotConvergeSaysSoAndExitsWithTwo()
    {
        var (exitCode, output, error) = await Cli.RunAsync("btyd", "--transactions", Cli.Dataset("CDNOW_sample.txt"), "--source", Cli.Spec("cdnow.json"),
            "--calibration-end", "1997-09-30", "--model", "paretonbd", "--max-iterations", "2");

        Assert.Equal(ExitCodes.GateFailed, exitCode);
        Assert.Contains("Pareto/NBD: DID NOT CONVERGE after 2 iterations", output);
        Assert.Contains("error: Pareto/NBD, Gamma-Gamma did not converge", error);
        Assert.DoesNotContain("hint:", error);
    }

    [Fact]
    public async Task RatesThatRunAwayTogetherGetAHintToPenalize()
    {
        // A subscription billed monthly until cancelled: every customer buys at one rate, and r and alpha grow without bound.
        var random = new Random(3);
        var csv = new System.Text.StringBuilder("customer_id,timestamp,amount\n");
        for (var c = 0; c < 3000; c++)
        {
            var joined = new DateOnly(2022, 1, 1).AddDays(random.Next(1065));
            var cancel = new[] { 0.02, 0.05, 0.12 }[random.Next(3)];
            var price = new[] { 9.99, 19.99, 29.99 }[random.Next(3)];
            for (var day = joined; day <= new DateOnly(2024, 12, 31); day = new DateOnly(day.Year, day.Month, Math.Min(joined.Day, 28)).AddMonths(1))
            {
                csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"s{c},{day:yyyy-MM-dd},{price}\n");
                if (random.NextDouble() < cancel)
                    break;
            }
        }
        var path = Path.Combine(_temp, "subscription.csv");
        File.WriteAllText(path, csv.ToString());

        var (exitCode, _, error) = await Cli.RunAsync("btyd", "--transactions", path, "--calibration-end", "2023-07-01", "--model", "bgnbd");
        var (penalizedExit, output, _) = await Cli.RunAsync("btyd", "--transactions", path, "--calibration-end", "2023-07-01", "--model", "bgnbd", "--penalizer", "1e-6");

        Assert.Equal(ExitCodes.GateFailed, exitCode);
        Assert.Contains("hint: r and alpha grew together without bound", error);
        Assert.Contains("--penalizer 1E-06 keeps them finite", error);
        Assert.Equal(ExitCodes.Ok, penalizedExit);
        Assert.Contains("BG/NBD: converged", output);
    }
}
