using System.Globalization;
using System.Text.Json;

namespace CustomerValue.Training.Tests.Commands;

public sealed class RetentionCommandTests : IDisposable
{
    readonly string _temp = Directory.CreateTempSubdirectory("cvml-retention-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    /// <summary>Fader &amp; Hardie (2007) table 1, years 0–7, per 1,000 acquired, with the segment as the group.</summary>
    string PaperCohorts()
    {
        double[] regular = [1000, 631, 468, 382, 326, 289, 262, 241];
        double[] highEnd = [1000, 869, 743, 653, 593, 551, 517, 491];
        var lines = new List<string> { "cohort,period,survivors,segment" };
        lines.AddRange(regular.Select((n, t) => string.Create(CultureInfo.InvariantCulture, $"regular,{t},{n},regular")));
        lines.AddRange(highEnd.Select((n, t) => string.Create(CultureInfo.InvariantCulture, $"high end,{t},{n},high end")));
        var path = Path.Combine(_temp, "cohorts.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task TheTwoPaperCohortsGiveThePublishedSbgParametersPerSegment()
    {
        var (exitCode, output, error) = await Cli.RunAsync("retention", "--cohorts", PaperCohorts(), "--group-column", "segment",
            "--model", "sbg", "--horizon", "12", "--json");

        Assert.True(exitCode == ExitCodes.Ok, error);
        var fits = JsonDocument.Parse(output).RootElement.GetProperty("fits").EnumerateArray().ToDictionary(f => f.GetProperty("group").GetString()!);
        Assert.Equal(0.704, Math.Round(fits["regular"].GetProperty("parameters").GetProperty("gamma").GetDouble(), 3));
        Assert.Equal(1.182, Math.Round(fits["regular"].GetProperty("parameters").GetProperty("delta").GetDouble(), 3));
        Assert.Equal(0.668, Math.Round(fits["high end"].GetProperty("parameters").GetProperty("gamma").GetDouble(), 3));
        Assert.Equal(3.806, Math.Round(fits["high end"].GetProperty("parameters").GetProperty("delta").GetDouble(), 3));
        Assert.Equal(13, fits["regular"].GetProperty("curve").GetArrayLength());
    }

    [Fact]
    public async Task TheTextReportShowsObservedAgainstProjectedSurvivalAndResidualValue()
    {
        var chart = Path.Combine(_temp, "retention.png");

        var (exitCode, output, error) = await Cli.RunAsync("retention", "--cohorts", PaperCohorts(), "--group-column", "segment",
            "--price", "100", "--chart", chart);

        Assert.True(exitCode == ExitCodes.Ok, error);
        Assert.Contains("sBG (regular): converged", output);
        Assert.Contains("BdW (high end): converged", output);
        Assert.Contains("groups differ? likelihood ratio", output);
        Assert.Contains("       7    0.239    0.911     0.241", output);
        Assert.True(new FileInfo(chart).Length > 10_000);
    }

    [Fact]
    public async Task TelcoContractsAreFittedAsLeftTruncatedCohortsAndSayWhatIsAssumed()
    {
        var (exitCode, output, error) = await Cli.RunAsync("retention", "--contracts", Cli.Dataset("Telco-Customer-Churn.csv"), "--model", "sbg", "--horizon", "3");

        Assert.True(exitCode == ExitCodes.Ok, error);
        Assert.Contains("note: assumed: every row was a subscriber at the start of the last period", output);
        Assert.Contains("11 customers with tenure 0", output);
        Assert.Contains("sBG (all cohorts): converged", output);
    }

    /// <summary>
    /// A subscription's billing history, 1,500 customers billed monthly until they cancel at 2, 5 or 12 % a month (6.3 %
    /// on average): the cohorts come from the charges, and sBG's first-period survival is the mean's.
    /// </summary>
    [Fact]
    public async Task ABillingHistoryIsTurnedIntoMonthlyCohortsAndSaysWhatIsAssumed()
    {
        var random = new Random(3);
        var lines = new List<string> { "customer_id,timestamp,amount" };
        for (var c = 0; c < 1500; c++)
        {
            var joined = new DateOnly(2022, 1, 1).AddDays(random.Next(1000));
            var cancel = new[] { 0.02, 0.05, 0.12 }[random.Next(3)];
            for (var day = joined; day <= new DateOnly(2024, 12, 31); day = day.AddMonths(1))
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"s{c},{day:yyyy-MM-dd},19.99"));
                if (random.NextDouble() < cancel)
                    break;
            }
        }
        var path = Path.Combine(_temp, "billing.csv");
        File.WriteAllLines(path, lines);

        var (exitCode, output, error) = await Cli.RunAsync("retention", "--transactions", path, "--model", "sbg", "--json");
        var (grouped, _, groupError) = await Cli.RunAsync("retention", "--transactions", path, "--group-column", "channel");

        Assert.True(exitCode == ExitCodes.Ok, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Contains(root.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("months are the renewal periods, observed through 2024-11", StringComparison.Ordinal));
        var survival = root.GetProperty("fits").EnumerateArray().First().GetProperty("curve").EnumerateArray().ElementAt(1).GetProperty("survival").GetDouble();
        Assert.InRange(survival, 0.92, 0.95);
        // Without --price the residual value is priced at the file's median charge, and the notes say so.
        Assert.Equal(19.99, root.GetProperty("price").GetDouble());
        Assert.Contains(root.GetProperty("notes").EnumerateArray(), n => n.GetString() == "price per period: the median charge, 19.99 (--price sets another)");
        Assert.Equal(ExitCodes.BadInput, grouped);
        Assert.Contains("--group-column reads a --cohorts or --contracts file", groupError);
    }

    /// <summary>
    /// What the subscribers of the last complete month will pay over the next year, with the same forecast made a year
    /// earlier against what was paid; a base where annual plans renew beside monthly ones is warned about.
    /// </summary>
    [Fact]
    public async Task ABillingHistoryForecastsItsActiveBaseAndBacktestsTheForecastAYearEarlier()
    {
        string Billing(string name, double annualShare)
        {
            var random = new Random(5);
            var lines = new List<string> { "customer_id,timestamp,amount" };
            for (var c = 0; c < 1500; c++)
            {
                var joined = new DateOnly(2021, 6, 1).AddDays(random.Next(1200));
                var annual = random.NextDouble() < annualShare;
                var cancel = annual ? 0.3 : new[] { 0.02, 0.05, 0.12 }[random.Next(3)];
                for (var day = joined; day <= new DateOnly(2024, 12, 31); day = day.AddMonths(annual ? 12 : 1))
                {
                    lines.Add(string.Create(CultureInfo.InvariantCulture, $"s{c},{day:yyyy-MM-dd},{(annual ? 199 : 19.99)}"));
                    if (random.NextDouble() < cancel)
                        break;
                }
            }
            var path = Path.Combine(_temp, name);
            File.WriteAllLines(path, lines);
            return path;
        }
        var monthly = Billing("monthly.csv", 0);
        var mixed = Billing("mixed.csv", 0.5);

        var (exitCode, output, error) = await Cli.RunAsync("retention", "--transactions", monthly, "--model", "sbg");
        var (jsonCode, json, _) = await Cli.RunAsync("retention", "--transactions", monthly, "--model", "sbg", "--json", "--forecast-periods", "6");
        var (_, mixedOutput, _) = await Cli.RunAsync("retention", "--transactions", mixed, "--model", "sbg");
        var (badPeriods, _, badError) = await Cli.RunAsync("retention", "--transactions", monthly, "--forecast-periods", "0");

        Assert.True(exitCode == ExitCodes.Ok, error);
        Assert.Matches(@"active base \(sBG\): [\d,]+ subscribers of 2024-11 \(within their plan's interval: charged that month on a monthly plan, that year on a yearly one\) are expected to make [\d,]+ payments worth [\d,.]+ over the 12 months 2024-12 \.\. 2025-11", output);
        Assert.Matches(@"  backtest: fitted on the cohorts through 2023-11, the [\d,]+ subscribers of that month were expected to make [\d,]+ payments worth [\d,.]+ in 2023-12 \.\. 2024-11; they made [\d,]+ worth [\d,.]+ \([+-]\d+\.\d% off and [+-]\d+\.\d% off\)", output);
        Assert.DoesNotContain("less often than monthly", output);
        Assert.Equal(ExitCodes.Ok, jsonCode);
        var forecast = Assert.Single(JsonDocument.Parse(json).RootElement.GetProperty("baseForecasts").EnumerateArray());
        Assert.Equal(6, forecast.GetProperty("periods").GetInt32());
        var backtest = forecast.GetProperty("backtest");
        Assert.Equal("2024-05", backtest.GetProperty("month").GetString());
        Assert.InRange(backtest.GetProperty("paymentsError").GetDouble(), -0.10, 0.10);
        Assert.Equal(backtest.GetProperty("payments").GetInt32() * 19.99, backtest.GetProperty("charges").GetDouble(), 6);
        Assert.Contains("are charged less often than monthly (two months or more between charges at the median: annual or quarterly plans?); the forecast renews each at their own interval", mixedOutput);
        Assert.Equal(ExitCodes.BadInput, badPeriods);
        Assert.Contains("--forecast-periods must be at least 1 (got 0)", badError);
    }

    [Fact]
    public async Task ABadCohortRowIsBadInputNamingFileAndLine()
    {
        var path = Path.Combine(_temp, "bad.csv");
        File.WriteAllText(path, "cohort,period,survivors\na,0,100\na,1,many\n");

        var (exitCode, _, error) = await Cli.RunAsync("retention", "--cohorts", path);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains($"{path}:3: column 'survivors'", error);
    }

    [Fact]
    public async Task CohortsAndContractsTogetherAreBadInput()
    {
        var (exitCode, _, error) = await Cli.RunAsync("retention", "--cohorts", PaperCohorts(), "--contracts", Cli.Dataset("Telco-Customer-Churn.csv"));

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("give one of --cohorts FILE, --contracts FILE or --transactions FILE", error);
    }
}
