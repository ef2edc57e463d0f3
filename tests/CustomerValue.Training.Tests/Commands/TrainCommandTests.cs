using System.Text.Json;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Training;
using CustomerValue.Training.Commands;

namespace CustomerValue.Training.Tests.Commands;

public sealed class TrainCommandTests : IDisposable
{
    readonly string _models = Directory.CreateTempSubdirectory("cvml-train-cli-").FullName;

    public void Dispose() => Directory.Delete(_models, recursive: true);

    static string Sample(string file) => Path.Combine(Cli.Root, "data-samples", "synthetic", file);

    string[] Train(params string[] extra) =>
    [
        "train", "--transactions", Sample("transactions.csv"), "--customers", Sample("customers.csv"), "--out", _models,
        "--trees", "20", "--leaves", "8", .. extra,
    ];

    [Fact]
    public async Task TrainPrintsAJsonSummaryAndPromotesTheBundle()
    {
        var (exitCode, output, error) = await Cli.RunAsync(Train("--json", "--version-name", "cli-1"));

        Assert.True(exitCode == ExitCodes.Ok, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("cli-1", json.GetProperty("version").GetString());
        Assert.True(json.GetProperty("promoted").GetBoolean());
        Assert.Equal("out-of-time", json.GetProperty("evaluation").GetString());
        Assert.InRange(json.GetProperty("churn").GetProperty("auc").GetDouble(), 0.5, 1);
        // The sample's held-out customers: of those given an expected next order date, about half ordered by it.
        var nextOrder = json.GetProperty("nextOrder");
        Assert.True(nextOrder.GetProperty("customersWithDate").GetInt32() > 500);
        Assert.InRange(nextOrder.GetProperty("shareOrderedByDate").GetDouble(), 0.40, 0.60);
        Assert.Equal("cli-1", ModelPointer.Read(_models));
        // --btyd-model auto (the default) says which BTYD model it chose and why, and names the baseline after it.
        var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(_models, "cli-1", "model-card.json"))).RootElement;
        var btydReason = card.GetProperty("btydReason").GetString()!;
        var kind = card.GetProperty("btyd").GetProperty("kind").GetString()!.ToLowerInvariant();
        Assert.StartsWith($"{kind}: the lowest purchase MAE on the fitted snapshot", btydReason);
        Assert.Contains("bgnbd MAE", btydReason);
        Assert.Contains("mbgnbd MAE", btydReason);
        Assert.Contains(card.GetProperty("baselines").EnumerateArray(), b => b.GetProperty("name").GetString() == $"{kind}-gamma-gamma");
    }

    [Fact]
    public async Task AGivenBtydModelIsUsedAsItIs()
    {
        var (exitCode, output, error) = await Cli.RunAsync(Train("--btyd-model", "bgnbd", "--version-name", "given"));

        Assert.True(exitCode == ExitCodes.Ok, error);
        // Each trial of a search is a line within its stage, which keeps its number: a long search says what it does.
        Assert.Matches(@"\n +\d+\.\ds  trial 1 of at most 1 \(20 trees, 8 leaves, learning rate 0\.1, 20 per leaf\): CLV normalized Gini \d\.\d{3}, churn AUC \d\.\d{3}; kept so far \d\.\d{3} and \d\.\d{3}; \d+ s of the 300 s budget", output);
        Assert.Contains("[4/9 ", output);
        Assert.DoesNotContain("[10/9 ", output);
        var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(_models, "given", "model-card.json"))).RootElement;
        Assert.False(card.TryGetProperty("btydReason", out var reason) && reason.ValueKind != JsonValueKind.Null);
        Assert.Contains(card.GetProperty("baselines").EnumerateArray(), b => b.GetProperty("name").GetString() == "bgnbd-gamma-gamma");
    }

    [Fact]
    public async Task AMissedQualityGateExitsWithTwoAndDoesNotPromote()
    {
        var (exitCode, output, _) = await Cli.RunAsync(Train("--min-auc", "0.999", "--version-name", "gated"));

        Assert.Equal(ExitCodes.GateFailed, exitCode);
        Assert.Contains("NOT promoted: quality gate not met: churn AUC", output);
        Assert.Null(ModelPointer.Read(_models));
        Assert.True(Directory.Exists(Path.Combine(_models, "gated")));
    }

    [Fact]
    public async Task AChallengerNotComparableWithCurrentThatFailsThePromotionGatesExitsWithTwoAndKeepsCurrent()
    {
        string[] weak =
        [
            "train", "--transactions", Sample("transactions.csv"), "--customers", Sample("customers.csv"), "--out", _models, "--json",
            "--trees", "1", "--leaves", "2", "--learning-rate", "0.01", "--min-leaf", "500", "--btyd-model", "none",
        ];
        // The first bundle is promoted whatever its grade: there is nothing it could make worse.
        var (championExit, _, championError) = await Cli.RunAsync([.. weak, "--horizon-days", "180", "--version-name", "champion"]);

        var (exitCode, output, _) = await Cli.RunAsync([.. weak, "--version-name", "weak"]);
        var (alwaysExit, alwaysOutput, _) = await Cli.RunAsync([.. weak, "--version-name", "weak-always", "--promote", "always"]);

        Assert.True(championExit == ExitCodes.Ok, championError);
        Assert.Equal(ExitCodes.GateFailed, exitCode);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("C", json.GetProperty("grade").GetString());
        Assert.False(json.GetProperty("promoted").GetBoolean());
        var reason = json.GetProperty("promotionReason").GetString();
        // The 180-day champion had the history for a validation period (rolling origin); the 365-day challenger has not.
        Assert.StartsWith("not comparable with the current model champion (cutoff 2024-12-31, current 2025-07-04; horizon 365 days, current 180; evaluation out-of-time, current rolling-origin)", reason);
        Assert.Contains("and it fails the promotion gates: grade C is below B", reason);
        Assert.Equal("grade C is below B", json.GetProperty("gateFailures")[0].GetString()![..18]);
        Assert.Equal(ExitCodes.Ok, alwaysExit);
        Assert.StartsWith("--promote always, overriding: not comparable", JsonDocument.Parse(alwaysOutput).RootElement.GetProperty("promotionReason").GetString());
        Assert.Equal("weak-always", ModelPointer.Read(_models));
        var card = File.ReadAllText(Path.Combine(_models, "weak-always", "model-card.json"));
        Assert.Contains("\"policy\": \"always\"", card);
    }

    [Fact]
    public async Task ABadSourceExitsWithOneNamingTheFileAndLine()
    {
        var bad = Path.Combine(_models, "bad.csv");
        File.WriteAllText(bad, "customer_id,timestamp,amount\nc1,2024-01-02,10\nc2,not-a-date,5\n");

        var (exitCode, _, error) = await Cli.RunAsync("train", "--transactions", bad, "--out", _models);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("bad.csv:3", error);
        Assert.Contains("timestamp", error);
    }

    [Theory]
    // Before, --horizon-days 0 stopped on "243 rows are dated far beyond the rest of the data, more than 0 days (the
    // horizon) after the bulk", --churn-days 0 on "ChurnWindowDays ('0') must be greater than or equal to '1'", --min-leaf 0
    // on "predicted[74] is NaN", --max-trials 0 on "predicted has 0 values", and --learning-rate 0 or --min-auc 2 trained.
    [InlineData("--horizon-days", "0", "--horizon-days: must be at least 1 (got 0).")]
    [InlineData("--churn-days", "-3", "--churn-days: must be at least 1 (got -3).")]
    [InlineData("--folds", "1", "--folds: must be at least 2 (got 1).")]
    [InlineData("--snapshots", "0", "--snapshots: must be at least 1 (got 0).")]
    [InlineData("--time-budget", "-1", "--time-budget: must be a number of seconds, 0 or more (got -1).")]
    [InlineData("--max-trials", "0", "--max-trials: must be at least 1 (got 0).")]
    [InlineData("--trees", "0", "--trees: must be at least 1 (got 0).")]
    [InlineData("--leaves", "1", "--leaves: must be at least 2 (got 1).")]
    [InlineData("--learning-rate", "0", "--learning-rate: must be a number above 0 (got 0).")]
    [InlineData("--min-leaf", "0", "--min-leaf: must be at least 1 (got 0).")]
    [InlineData("--min-auc", "2", "--min-auc: must be an AUC from 0 to 1 (got 2).")]
    public async Task ANumberOutOfItsOptionsRangeExitsWithOneNamingItBeforeAnythingIsRead(string option, string value, string message)
    {
        var (exitCode, output, error) = await Cli.RunAsync("train", "--transactions", Sample("transactions.csv"), "--out", _models, option, value);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Equal(message, error.Trim());
        Assert.Empty(output);
        Assert.Empty(Directory.GetFileSystemEntries(_models));
    }

    [Theory]
    // Before, a cutoff before the data stopped on "The data covers 2023-01-02 to 2025-12-31 (1094 days), too short for a
    // 365-day label window after a cutoff", which the data is not.
    [InlineData("2020-01-01", "The cutoff 2020-01-01 is before the first transaction (2023-01-02): no customer is known at it. Give a --cutoff between 2023-01-02 and 2025-12-31, or leave it out (2024-12-31, a 365-day label window before the last transaction).")]
    [InlineData("2026-01-01", "The cutoff 2026-01-01 is after the last transaction (2025-12-31): there are no labels to learn from.")]
    public async Task ACutoffOutsideTheDataExitsWithOneSayingWhereTheDataRuns(string cutoff, string message)
    {
        var (exitCode, _, error) = await Cli.RunAsync(Train("--cutoff", cutoff));

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Equal(message, error.Trim());
        Assert.Empty(Directory.GetFileSystemEntries(_models));
    }

    [Fact]
    public async Task AChurnTableOfAHeaderAloneSaysItHoldsNoRows()
    {
        // Before: "none of its 0 customers has one: no column was read as churned …".
        var header = Path.Combine(_models, "customers.csv");
        File.WriteAllText(header, "customer_id,signup_date,churned\n");

        var (exitCode, _, error) = await Cli.RunAsync("train", "--customers", header, "--out", Path.Combine(_models, "out"));

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Equal($"{header}: no customers were loaded: the file holds no rows", error.Trim());
    }

    [Fact]
    public async Task KeepingAnAttributeTheCustomersFileDoesNotHaveExitsWithOneNamingTheOnesItHas()
    {
        var (exitCode, _, error) = await Cli.RunAsync(Train("--keep-attribute", "loyalty"));

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.StartsWith("--keep-attribute 'loyalty': the customers file has no attribute of that name (its attributes: ", error, StringComparison.Ordinal);
        Assert.Contains("loyalty_points", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(_models));
    }

    [Fact]
    public void TheNextOrderLineLeavesOutTheShareOfNoCustomersInsteadOfPrintingNaN()
    {
        // Olist at a 365-day horizon: no held-out customer had bought twice, so none got a date.
        var line = CustomerValue.Training.Commands.TrainCommand.NextOrderLine(new NextOrderCalibration(0, double.NaN, 22_459, 0.0251));

        Assert.Equal("expected next order date: 0 held-out customers got one; 22,459 got none, 2.5 % of them ordered within the horizon", line);
    }

    [Fact]
    public void TheNextOrderLineOfRhythmDatesPointsToTheDaysBetweenDateAndOrderNotToFiftyPercent()
    {
        // A subscription box dated by each subscriber's rhythm: most dates a day after the charge.
        var next = new NextOrderCalibration(1_273, 0.951, 1_727, 0.0) { MeanDaysOff = 3.94 };

        var rhythm = CustomerValue.Training.Commands.TrainCommand.NextOrderLine(next, NextOrderTiming.Rhythm);
        var btyd = CustomerValue.Training.Commands.TrainCommand.NextOrderLine(next, NextOrderTiming.Btyd);

        Assert.Equal("expected next order date: 1,273 held-out customers got one, 95.1 % ordered by it (dated by each customer's rhythm: for regular customers the days between date and order are the measure); "
            + "1,727 got none, 0.0 % of them ordered within the horizon; 3.9 days between date and order on average (both capped at the horizon)", rhythm);
        Assert.Contains("95.1 % ordered by it (50 % expected)", btyd, StringComparison.Ordinal);
    }

    [Fact]
    public void AHorizonPartShorterThanItsMonthIsNamedByItsDates()
    {
        // A 90-day horizon after 2024-09-10: 20 days of September, October, November and 9 days of December.
        var parts = CustomerValue.Core.Features.FeatureBuilder.HorizonMonths(new DateOnly(2024, 9, 10), 90)
            .Select(p => CustomerValue.Training.Commands.TrainCommand.Month(new PeriodTotal(p.From, p.To, 1, 1, 0)));

        Assert.Equal(["2024-09-11..2024-09-30", "2024-10", "2024-11", "2024-12-01..2024-12-09"], parts);
    }

    [Fact]
    public void ThePurchasesLineLeavesOutTheBtydMaeWhenNoFoldHadABtydModel()
    {
        // Olist from 2018-01 at 180 days: the line read "MAE 0.042 (BTYD ), RMSE 0.142".
        var metrics = new RegressionMetrics(100, 0.042, 0.142, 0, 0, 0, 0, 0, [], 0, [], 0.464);

        var without = CustomerValue.Training.Commands.TrainCommand.OrdersLine(new OrdersModelCard("orders.zip", ClvObjective.Tweedie, 1, metrics, 0.856));
        var with = CustomerValue.Training.Commands.TrainCommand.OrdersLine(new OrdersModelCard("orders.zip", ClvObjective.Tweedie, 1, metrics, 0.856, BtydMae: 0.046));

        Assert.Equal("purchases over the horizon (trees, scale 0.856): MAE 0.042, RMSE 0.142, summed prediction error 46.4 %", without);
        Assert.Equal("purchases over the horizon (trees, scale 0.856): MAE 0.042 (BTYD 0.046), RMSE 0.142, summed prediction error 46.4 %", with);
    }

    [Fact]
    public void ThePurchasesLineSaysWhyATotalSetRightCanCostMae()
    {
        // CDNOW master at 1997-09-30, 273 days: the scale that set the total right read as a worse model than BTYD's.
        var metrics = new RegressionMetrics(23570, 0.822, 1.725, 0, 0, 0, 0, 0, [], 0, [], -0.025);
        var card = new OrdersModelCard("orders.zip", ClvObjective.Tweedie, 1, metrics, 1.119, ClvCandidates.Btyd, BtydMae: 0.794)
        {
            BtydRmse = 1.781, BtydSumError = -0.129, NoPurchaseMae = 0.835, NoPurchaseShare = 0.70,
        };

        var line = CustomerValue.Training.Commands.TrainCommand.OrdersLine(card);
        var closerMae = CustomerValue.Training.Commands.TrainCommand.OrdersTradeOff(card with { Metrics = metrics with { Mae = 0.790 } });
        var fartherTotal = CustomerValue.Training.Commands.TrainCommand.OrdersTradeOff(card with { Metrics = metrics with { SumError = 0.2 } });

        Assert.Equal("purchases over the horizon (btyd-gamma-gamma, scale 1.119): MAE 0.822 (BTYD 0.794), RMSE 1.725 (BTYD 1.781), "
            + "summed prediction error -2.5 % (BTYD -12.9 %); 70 % of the held-out customers bought nothing over the horizon, and absolute "
            + "error favours predictions below the mean there (no purchase for anyone: MAE 0.835): the total set right costs MAE", line);
        Assert.Null(closerMae);
        Assert.Null(fartherTotal);
    }

    [Fact]
    public async Task TheSummaryPrintsTheCardsWarningsBesideTheEvaluation()
    {
        // A cutoff 90 days before the data's end with a 365-day horizon: the labels are cut short, which only the
        // card's notes said.
        var (exitCode, output, error) = await Cli.RunAsync(Train("--version-name", "late", "--cutoff", "2025-10-02", "--horizon-days", "365"));

        Assert.True(exitCode is ExitCodes.Ok or ExitCodes.GateFailed, error);
        Assert.Contains("note     The data ends before the label window (2026-10-02): future spend is undercounted and churn overcounted. Move the cutoff earlier.", output);
    }

    [Fact]
    public async Task CustomersMissingFromTheCustomersFileAreCountedInTheSummary()
    {
        // Every tenth profile left out of the customers file: those customers train with their attributes missing.
        var lines = File.ReadAllLines(Sample("customers.csv"));
        var partial = Path.Combine(_models, "customers-partial.csv");
        File.WriteAllLines(partial, lines.Where((_, i) => i == 0 || i % 10 != 0));

        var (exitCode, output, error) = await Cli.RunAsync(
            "train", "--transactions", Sample("transactions.csv"), "--customers", partial, "--out", Path.Combine(_models, "out"),
            "--trees", "20", "--leaves", "8", "--version-name", "partial");

        Assert.True(exitCode is ExitCodes.Ok or ExitCodes.GateFailed, error);
        Assert.Matches(@"note     \d{2,3} of the [\d,]+ customers with transactions by \d{4}-\d\d-\d\d have no row in the customers file, so their attributes are missing", output);
    }

    [Fact]
    public async Task AnExportHeldTwiceWithoutOrderIdsTrainsWithANoteInTheOutputCardAndReport()
    {
        // The sample's rows without their order ids (nothing to refuse a repeat by), its first 5,000 rows appended again.
        var rows = File.ReadLines(Sample("transactions.csv")).Skip(1).Select(line => string.Join(',', line.Split(',')[..3])).ToList();
        var doubled = Path.Combine(_models, "doubled.csv");
        File.WriteAllLines(doubled, ["customer_id,timestamp,amount", .. rows, .. rows.Take(5000)]);

        var (exitCode, output, error) = await Cli.RunAsync([
            "train", "--transactions", doubled, "--out", _models, "--trees", "20", "--leaves", "8", "--version-name", "doubled"]);

        Assert.True(exitCode is ExitCodes.Ok or ExitCodes.GateFailed, error);
        var note = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"5,000 of the {rows.Count + 5000:N0} rows loaded ({5000.0 / (rows.Count + 5000):0.0 %}) repeat an earlier row's customer, timestamp, amount and order id");
        Assert.Contains($"note     {doubled}: {note}", output);
        var cardPath = Path.Combine(_models, "doubled", "model-card.json");
        Assert.Contains(ModelCard.FromJson(File.ReadAllText(cardPath), cardPath).Notes, n => n.StartsWith($"{doubled}: {note}", StringComparison.Ordinal));
        Assert.Contains($"> {doubled}: {note}", File.ReadAllText(Path.Combine(_models, "doubled", "report.md")));
    }

    [Fact]
    public void AReasonLongerThanALineOrTwoIsCutAtAClauseWithAPointerToTheReport()
    {
        var origins = string.Join(", ", Enumerable.Range(1, 40).Select(i => $"2014-{1 + i % 12:D2}-04 0.{900 + i}"));
        var anchored = $"totals from btyd-gamma-gamma, which models dropout: historic-formula was steadier ({origins}); its ratio is 0.949";

        var brief = TrainCommand.Brief(anchored)!;

        Assert.Equal("Σ actual / Σ predicted of hybrid on the validation rows: 4079969.04 / 3813513.14",
            TrainCommand.Brief("Σ actual / Σ predicted of hybrid on the validation rows: 4079969.04 / 3813513.14"));
        Assert.True(brief.Length < TrainCommand.BriefLength + 80, brief);
        Assert.StartsWith("totals from btyd-gamma-gamma, which models dropout: historic-formula was steadier (2014-02-04 0.901, ", brief);
        Assert.EndsWith(" … (the whole reasoning: report.md, or clv.scaleReason in the card)", brief);
        Assert.Matches(@"\d … ", brief);
    }

    [Fact]
    public async Task TheDataLineCountsTransactionsAndCustomersApart()
    {
        var (exitCode, output, error) = await Cli.RunAsync(Train("--version-name", "rows"));

        Assert.True(exitCode == ExitCodes.Ok, error);
        var cardPath = Path.Combine(_models, "rows", "model-card.json");
        var card = CustomerValue.Core.Models.Bundles.ModelCard.FromJson(File.ReadAllText(cardPath), cardPath);
        var transactions = card.Data.Inputs.Single(i => i.Role == "transactions").Rows;
        var customers = card.Data.Inputs.Single(i => i.Role == "customers").Rows;
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"data     {transactions:N0} transactions rows and {customers:N0} customers rows read, 0 rejected;"), output);
    }
}
