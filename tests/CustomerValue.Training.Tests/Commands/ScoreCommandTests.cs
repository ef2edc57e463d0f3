using System.Globalization;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Training;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Store;

namespace CustomerValue.Training.Tests.Commands;

public sealed class ScoreCommandTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("cvml-score-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    static string Sample(string file) => Path.Combine(Cli.Root, "data-samples", "synthetic", file);

    string Store => Path.Combine(directory, "scores.db");

    [Fact]
    public async Task ScoreWarnsOfARowWhoseAmountIsFarBeyondEveryOtherAndScoresOn()
    {
        // The sample's transactions with one order typed with extra zeros (158.30 as 1,583,000.00).
        var path = Path.Combine(directory, "transactions.csv");
        var lines = File.ReadAllLines(Sample("transactions.csv"));
        File.WriteAllLines(path, [.. lines, "C000001,2025-06-01T10:00:00,1583000.00,C000001-99,1,online,ios"]);

        var (exitCode, output) = await Cli.RunCombinedAsync("score", "--transactions", path, "--customers", Sample("customers.csv"),
            "--model", Path.Combine(Cli.Root, "models", "current"), "--store", Store);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains($"warning: {path}: 1 row has an amount in column 'amount' more than 100 times the file's 20th largest", output);
        Assert.Contains($"line {lines.Length + 1}: customer C000001, 2025-06-01, 1583000.00", output);
        Assert.Contains("scored   2,500 customers", output);
    }

    [Fact]
    public async Task AnotherBaseThanTheCardsIsToldTheCardsForecastIsForTheCustomersItWasTrainedOn()
    {
        // 500 of the sample's 2,500 customers: their total is a fifth of the card's, and the line says why.
        static bool Kept(string line) => line.StartsWith("customer_id", StringComparison.Ordinal) || string.CompareOrdinal(line[..7], "C000501") < 0;
        var transactions = Path.Combine(directory, "transactions.csv");
        var customers = Path.Combine(directory, "customers.csv");
        // Ids as long as the e-mail addresses shops key customers by.
        static string Long(string line) => line.Replace("C000", "someone.with.a.long.name+C000", StringComparison.Ordinal);
        File.WriteAllLines(transactions, File.ReadLines(Sample("transactions.csv")).Where(Kept).Select(Long));
        File.WriteAllLines(customers, File.ReadLines(Sample("customers.csv")).Where(Kept).Select(Long));

        var (exitCode, output) = await Cli.RunCombinedAsync("score", "--transactions", transactions, "--customers", customers, "--as-of", "2025-12-31",
            "--model", Path.Combine(Cli.Root, "models", "current"), "--store", Store);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("scored   500 customers", output);
        var bundle = ModelPointer.ResolveBundle(Path.Combine(Cli.Root, "models"));
        var card = ModelCard.FromJson(File.ReadAllText(Path.Combine(bundle, ModelCard.FileName)), bundle);
        var total = card.Forecast!.PredictedValue.ToString("N2", CultureInfo.InvariantCulture);
        Assert.Contains($"(the card's forecast for the same date, for the 2,500 customers it was trained on rather than these 500: {total})", output);
        // The top customers' table is as wide as their ids: every value ends under its heading.
        var table = output.Split('\n').SkipWhile(l => !l.StartsWith("top 10 customers by predicted value", StringComparison.Ordinal)).Skip(1).Take(11).ToList();
        var valueEnd = table[0].IndexOf("value", StringComparison.Ordinal) + "value".Length;
        Assert.All(table.Skip(1), row => Assert.Equal(valueEnd, row.IndexOf('.', 36) + 3));
    }

    [Fact]
    public async Task ScoreWritesEverySampleCustomerAsOfTheLastDateWithTheShippedModel()
    {
        var (exitCode, output) = await Cli.RunCombinedAsync("score", "--transactions", Sample("transactions.csv"), "--customers", Sample("customers.csv"),
            "--model", Path.Combine(Cli.Root, "models", "current"), "--store", Store);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("scored   2,500 customers", output);
        // The stored run sums to the forecast training recorded for the same customers and date.
        var bundle = ModelPointer.ResolveBundle(Path.Combine(Cli.Root, "models"));
        var card = ModelCard.FromJson(File.ReadAllText(Path.Combine(bundle, ModelCard.FileName)), bundle);
        var forecast = card.Forecast!;
        var total = forecast.PredictedValue.ToString("N2", CultureInfo.InvariantCulture);
        Assert.Contains($"total    predicted value {total} over the 365 days after 2025-12-31; value at stake ", output);
        Assert.Contains($"(the card's forecast for the same date: {total})", output);
        // Customers away longer than the shipped trees learned from are counted: their values are BTYD's extrapolation.
        var edge = card.Clv!.DormancyEdgeDays!.Value;
        // A purchase day is a day of positive net spend: a refund's day is not one.
        var away = File.ReadLines(Sample("transactions.csv")).Skip(1)
            .Where(line => double.Parse(line.Split(',')[2], CultureInfo.InvariantCulture) > 0)
            .GroupBy(line => line[..line.IndexOf(',')], line => DateOnly.ParseExact(line.Split(',')[1][..10], "yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Count(g => new DateOnly(2025, 12, 31).DayNumber - g.Max().DayNumber > edge);
        Assert.True(away > 0);
        Assert.Contains($"long away {away:N0} customers had been away more than the {edge} days the trees learned from", output);
        await using var store = CustomerStoreFactory.Create(StoreConnection.Parse(Store));
        var run = await store.GetLatestRunAsync();
        Assert.NotNull(run);
        Assert.Equal(2500, run.CustomersScored);
        Assert.Equal(new DateOnly(2025, 12, 31), run.AsOf);
        Assert.Equal(File.ReadAllText(Path.Combine(Cli.Root, "models", "current")).Trim(), run.ModelVersion);
        var segments = await store.GetSegmentsAsync();
        Assert.Equal(2500, segments!.ByStage.Sum(s => s.Customers));
        var top = await store.GetCandidatesAsync(new CandidateQuery { Limit = 1 }).SingleAsync();
        Assert.Contains(top.Stage, new[] { LifecycleStage.Retention, LifecycleStage.Recovery });
        Assert.NotEmpty(top.Reason);
        // The sample's most frequent buyer is expected to order again within the horizon.
        var frequent = File.ReadLines(Sample("transactions.csv")).Skip(1).GroupBy(line => line[..line.IndexOf(',')])
            .MaxBy(g => g.Count())!.Key;
        var scored = await store.GetCustomerAsync(frequent);
        Assert.InRange(scored!.ExpectedNextOrder!.Value, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
    }

    [Fact]
    public async Task ScorePrintsHowManyAreExpectedToOrderAgainAndTheTopCustomersNextOrderDates()
    {
        var (exitCode, output) = await Cli.RunCombinedAsync("score", "--transactions", Sample("transactions.csv"),
            "--model", Path.Combine(Cli.Root, "models", "current"), "--store", Store);

        Assert.Equal(ExitCodes.Ok, exitCode);
        await using var store = CustomerStoreFactory.Create(StoreConnection.Parse(Store));
        var run = await store.GetLatestRunAsync();
        var rows = await store.ReadRunAsync(run!.RunId).ToListAsync();
        var dated = rows.Where(r => r.ExpectedNextOrder is not null).Select(r => r.ExpectedNextOrder!.Value).Order().ToList();
        Assert.NotEmpty(dated);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"next order  {dated.Count:N0} of {rows.Count:N0} customers expected to order again within the horizon, from {dated[0]:yyyy-MM-dd} to {dated[^1]:yyyy-MM-dd} (median {dated[(dated.Count - 1) / 2]:yyyy-MM-dd})"), output);
        var top = rows.OrderByDescending(r => r.PredictedValue).ThenBy(r => r.CustomerId, StringComparer.Ordinal).First();
        var line = output.Split('\n').Single(l => l.TrimStart().StartsWith(top.CustomerId + " ", StringComparison.Ordinal));
        Assert.EndsWith(top.ExpectedNextOrder is { } next ? next.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "not expected", line.TrimEnd());
    }

    [Fact]
    public async Task ScoredAsOfAnEarlierDateTheNextOrderDatesAreCheckedAgainstWhatHappened()
    {
        var (exitCode, output) = await Cli.RunCombinedAsync("score", "--transactions", Sample("transactions.csv"),
            "--model", Path.Combine(Cli.Root, "models", "current"), "--as-of", "2024-12-31", "--store", Store);

        Assert.Equal(ExitCodes.Ok, exitCode);
        await using var store = CustomerStoreFactory.Create(StoreConnection.Parse(Store));
        var run = await store.GetLatestRunAsync();
        var dated = await store.ReadRunAsync(run!.RunId).Where(r => r.ExpectedNextOrder is not null).ToListAsync();
        // A purchase day is a day whose amounts net to more than nothing (a day of returns only is not one).
        var firstAfter = File.ReadLines(Sample("transactions.csv")).Skip(1).Select(line => line.Split(','))
            .Select(f => (Id: f[0], Date: DateOnly.FromDateTime(DateTime.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture)),
                Amount: double.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture)))
            .Where(t => t.Date > run.AsOf)
            .GroupBy(t => (t.Id, t.Date)).Where(day => day.Sum(t => t.Amount) > 0).Select(day => day.Key)
            .GroupBy(t => t.Id).ToDictionary(g => g.Key, g => g.Min(t => t.Date));
        var share = (double)dated.Count(r => firstAfter.TryGetValue(r.CustomerId, out var d) && d <= r.ExpectedNextOrder) / dated.Count;

        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"calibration {share:P1} of them did order again by their date"), output);
    }

    [Fact]
    public async Task ScoreAsOfAnEarlierDateLeavesOutCustomersWhoCameLater()
    {
        var (exitCode, _) = await Cli.RunCombinedAsync("score", "--transactions", Sample("transactions.csv"),
            "--model", Path.Combine(Cli.Root, "models"), "--as-of", "2024-06-30", "--store", Store, "--json");

        Assert.Equal(ExitCodes.Ok, exitCode);
        await using var store = CustomerStoreFactory.Create(StoreConnection.Parse(Store));
        var run = await store.GetLatestRunAsync();
        Assert.Equal(new DateOnly(2024, 6, 30), run!.AsOf);
        Assert.InRange(run.CustomersScored, 1, 2499);
    }

    [Fact]
    public async Task ABadRowIsBadInputAndLeavesTheStoreWithoutARun()
    {
        var transactions = Path.Combine(directory, "transactions.csv");
        File.WriteAllLines(transactions, ["customer_id,timestamp,amount", "C1,2025-01-02,10", "C2,not-a-date,5"]);

        var (exitCode, output) = await Cli.RunCombinedAsync("score", "--transactions", transactions, "--model", Path.Combine(Cli.Root, "models", "current"),
            "--store", Store);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("not-a-date", output);
        await using var store = CustomerStoreFactory.Create(StoreConnection.Parse(Store));
        await store.EnsureSchemaAsync();
        Assert.Null(await store.GetLatestRunAsync());
    }

    [Fact]
    public async Task WhenBothFilesHaveABadRowTheCustomersFileIsTheOneReported()
    {
        var transactions = Path.Combine(directory, "transactions.csv");
        var customers = Path.Combine(directory, "customers.csv");
        File.WriteAllLines(transactions, ["customer_id,timestamp,amount", "C1,2025-01-02,10", "C2,bad-transaction-date,5"]);
        File.WriteAllLines(customers, ["customer_id,signup_date", "C1,2024-05-01", "C2,bad-signup-date"]);

        var (exitCode, output) = await Cli.RunCombinedAsync("score", "--transactions", transactions, "--customers", customers,
            "--model", Path.Combine(Cli.Root, "models", "current"), "--store", Store);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("bad-signup-date", output);
        Assert.DoesNotContain("bad-transaction-date", output);
    }

    /// <summary>
    /// A churn table valued by its monthly fee: the likeliest to churn of the customers still there are listed with their
    /// value and value at stake (the table's leavers, 0 each, are Recovery's to win back).
    /// </summary>
    [Fact]
    public async Task AValuedChurnTablesLikeliestToChurnAreListedWithTheirValueAtStake()
    {
        var table = Path.Combine(directory, "subscribers.csv");
        var random = new Random(6);
        File.WriteAllLines(table, new[] { "customer_id,plan,fee,tenure,churned" }.Concat(Enumerable.Range(0, 300).Select(i =>
        {
            var monthly = i % 3 == 0;
            var joined = random.Next(1, 37);
            var paid = 1;
            while (random.NextDouble() > (monthly ? 0.08 : 0.02))
                paid++;
            return string.Create(CultureInfo.InvariantCulture, $"c{i:000},{(monthly ? "monthly" : "yearly")},{20 + random.Next(60)},{Math.Min(paid, joined)},{(paid < joined ? "yes" : "no")}");
        })));
        var spec = Path.Combine(directory, "subscribers.json");
        File.WriteAllText(spec, """{ "kind": "customers", "recurring": { "charge": "fee", "tenure": "tenure" } }""");
        var models = Path.Combine(directory, "models");
        var (trained, trainOutput) = await Cli.RunCombinedAsync("train", "--customers", table, "--customers-source", spec, "--out", models, "--max-trials", "1");
        Assert.True(trained == ExitCodes.Ok, trainOutput);

        var (exitCode, output) = await Cli.RunCombinedAsync("score", "--customers", table, "--customers-source", spec, "--model", Path.Combine(models, "current"),
            "--as-of", "2026-01-31", "--store", Store);

        Assert.True(exitCode == ExitCodes.Ok, output);
        Assert.Contains("value: Value is 'fee' times the months a customer is expected to pay within the horizon (12 months).", trainOutput);
        Assert.Matches(@"top 10 customers by churn probability, of those the table does not label churned\n\s+customer\s+churn\s+value\s+at stake\s+stage\n", output.ReplaceLineEndings("\n"));
        // Those who left are in Recovery, to be won back: the list is of the customers still there, valued and at stake.
        var listed = output.ReplaceLineEndings("\n").Split("\n").SkipWhile(l => !l.StartsWith("top 10", StringComparison.Ordinal)).Skip(2).Take(10).ToList();
        Assert.All(listed, l => Assert.Matches(@"^\s+c\d{3}\s+\d+\.\d %\s+[1-9][\d,]*\.\d\d\s+[1-9][\d,]*\.\d\d\s+(Retention|Monetization)$", l));
    }

    /// <summary>
    /// A churn table's bundle scores the table itself: every customer placed by churn (it needed a transactions file it
    /// cannot have); a transactions bundle without transactions is still refused.
    /// </summary>
    [Fact]
    public async Task AChurnTablesBundleScoresTheTableAloneAndATransactionsBundleStillNeedsTheHistory()
    {
        var table = Path.Combine(directory, "churn.csv");
        var random = new Random(4);
        File.WriteAllLines(table, new[] { "customer_id,plan,monthly,churned" }.Concat(Enumerable.Range(0, 300).Select(i =>
        {
            var plan = i % 3 == 0 ? "monthly" : "yearly";
            var churned = random.NextDouble() < (plan == "monthly" ? 0.6 : 0.1);
            return string.Create(CultureInfo.InvariantCulture, $"c{i:000},{plan},{20 + random.Next(80)},{(churned ? "yes" : "no")}");
        })));
        var models = Path.Combine(directory, "models");
        var (trained, trainOutput) = await Cli.RunCombinedAsync("train", "--customers", table, "--out", models, "--max-trials", "1");
        Assert.True(trained == ExitCodes.Ok, trainOutput);

        var (exitCode, output) = await Cli.RunCombinedAsync("score", "--customers", table, "--model", Path.Combine(models, "current"),
            "--as-of", "2026-01-31", "--store", Store);
        var (refused, refusal) = await Cli.RunCombinedAsync("score", "--customers", table, "--model", Path.Combine(Cli.Root, "models", "current"),
            "--store", Path.Combine(directory, "refused.db"));

        Assert.True(exitCode == ExitCodes.Ok, output);
        Assert.Contains("300 customers of a churn table, as of 2026-01-31", output);
        Assert.Contains("top 10 customers by churn probability", output);
        await using var store = CustomerStoreFactory.Create(StoreConnection.Parse(Store));
        Assert.Equal(300, (await store.GetLatestRunAsync())!.CustomersScored);
        // The customers the table labels churned are to be won back; the others are placed by the model's churn.
        var segments = await store.GetSegmentsAsync();
        var labelled = File.ReadLines(table).Count(line => line.EndsWith(",yes", StringComparison.Ordinal));
        Assert.Equal(labelled, segments!.ByStage.Single(s => s.Stage == LifecycleStage.Recovery).Customers);
        Assert.Equal(300 - labelled, segments.ByStage.Where(s => s.Stage is LifecycleStage.Retention or LifecycleStage.Monetization).Sum(s => s.Customers));
        Assert.Equal(ExitCodes.BadInput, refused);
        Assert.Contains("scoring needs the order history", refusal);
    }

    [Fact]
    public async Task AMissingModelIsBadInput()
    {
        var (exitCode, output) = await Cli.RunCombinedAsync("score", "--transactions", Sample("transactions.csv"),
            "--model", Path.Combine(directory, "no-models"), "--store", Store);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("no-models", output);
    }

    [Fact]
    public async Task AModelThatFailsToLoadIsReportedRatherThanABadRow()
    {
        var shipped = Path.Combine(Cli.Root, "models", File.ReadAllText(Path.Combine(Cli.Root, "models", "current")).Trim());
        var bundle = Path.Combine(directory, "bundle");
        Directory.CreateDirectory(bundle);
        foreach (var file in Directory.GetFiles(shipped))
            File.Copy(file, Path.Combine(bundle, Path.GetFileName(file)));
        File.Delete(Path.Combine(bundle, "churn.zip"));
        var transactions = Path.Combine(directory, "transactions.csv");
        File.WriteAllLines(transactions, ["customer_id,timestamp,amount", "C1,2025-01-02,10", "C2,not-a-date,5"]);

        var (exitCode, output) = await Cli.RunCombinedAsync("score", "--transactions", transactions, "--model", bundle, "--store", Store);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("churn.zip", output);
        Assert.DoesNotContain("not-a-date", output);
    }

    [Fact]
    public void IncompleteLastDaysBeforeTheAsOfDateAreCalledOutWithTheLastCompleteDay()
    {
        // Thirty orders a day through 2024, three a day in its last week; scored as of the file's end, then a week earlier.
        var path = Path.Combine(Path.GetTempPath(), "cvml-thin-" + Guid.NewGuid().ToString("N") + ".csv");
        var lines = new List<string> { "customer_id,timestamp,amount" };
        for (var day = new DateOnly(2024, 1, 1); day <= new DateOnly(2024, 12, 31); day = day.AddDays(1))
            lines.AddRange(Enumerable.Range(0, day >= new DateOnly(2024, 12, 25) ? 3 : 30).Select(i => string.Create(CultureInfo.InvariantCulture, $"c{i},{day:yyyy-MM-dd},10.00")));
        File.WriteAllLines(path, lines);
        try
        {
            var dates = new CustomerValue.Core.Data.TransactionLoader().Load(path).Report.Dates;

            var atEnd = CustomerValue.Training.Commands.ScoreCommand.ThinDaysBeforeAsOfWarning(dates, new DateOnly(2024, 12, 31), "orders.csv");
            var before = CustomerValue.Training.Commands.ScoreCommand.ThinDaysBeforeAsOfWarning(dates, new DateOnly(2024, 12, 24), "orders.csv");

            Assert.Equal("warning: orders.csv: the last days up to the as-of date, 2024-12-25 .. 2024-12-31 (7 days) hold 21 rows where the same weekdays before held 210 (10%): "
                + "if the export was taken before their orders were in, their buyers are scored as if they had not bought, lower in value and nearer churn. Score --as-of 2024-12-24, the last complete day, or export again.", atEnd);
            Assert.Null(before);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AnAsOfMoreThanAHorizonAfterTheLastTransactionIsCalledOut()
    {
        // The weekly subscription export ending 2018-08-29 scored --as-of 2026-12-01: 3,000 customers, all 0.00, all Recovery.
        var path = Path.Combine(Path.GetTempPath(), "cvml-stale-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, "customer_id,timestamp,amount\nc1,2018-08-22,29.90\nc1,2018-08-29,29.90\n");
        try
        {
            var dates = new CustomerValue.Core.Data.TransactionLoader().Load(path).Report.Dates;

            var stale = CustomerValue.Training.Commands.ScoreCommand.StaleAsOfWarning(dates, new DateOnly(2026, 12, 1), 90);
            var recent = CustomerValue.Training.Commands.ScoreCommand.StaleAsOfWarning(dates, new DateOnly(2018, 11, 27), 90);

            Assert.Equal("warning: the last transaction up to the as-of date 2026-12-01 is on 2018-08-29, 3,016 days earlier, more than the model's horizon (90 days): every customer is scored as silent since then. Is --as-of the date the data runs to?", stale);
            Assert.Null(recent);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ABundleTrainedOnProfilesFromTheOrdersWarnsWhenScoredWithACustomersFile()
    {
        var card = ModelCard.FromJson(File.ReadAllText(Path.Combine(ModelPointer.ResolveBundle(Path.Combine(Cli.Root, "models")), ModelCard.FileName)), "shipped");

        Assert.Null(CustomerValue.Training.Commands.ScoreCommand.ProfilesWarning(card, customersFile: true));
        Assert.Null(CustomerValue.Training.Commands.ScoreCommand.ProfilesWarning(card with { ProfilesFromOrders = true }, customersFile: false));
        Assert.StartsWith($"warning: model {card.Version} was trained without a customers file and learned each customer's channel, device and postal code from their first purchase; this run reads them from --customers",
            CustomerValue.Training.Commands.ScoreCommand.ProfilesWarning(card with { ProfilesFromOrders = true }, customersFile: true), StringComparison.Ordinal);
    }
}
