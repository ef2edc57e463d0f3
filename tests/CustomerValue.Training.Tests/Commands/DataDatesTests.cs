using System.Globalization;
using System.Text.Json;
using CustomerValue.Modeling.Training;
using Microsoft.Extensions.Time.Testing;

namespace CustomerValue.Training.Tests.Commands;

/// <summary>
/// A mistyped date in an otherwise clean file: validate, train and score each stop naming the row, before anything is
/// written; with an explicit date the later rows are counted, not bad.
/// </summary>
public sealed class DataDatesTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("cvml-dates-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    static FakeTimeProvider Today(int year, int month, int day) => new(new DateTimeOffset(year, month, day, 12, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// 600 orders of 200 customers spread over <paramref name="year"/>, in date order, with one row dated
    /// <paramref name="mistyped"/> in the middle of the file. Returns the file and the mistyped row's line.
    /// </summary>
    (string Path, int Line, IReadOnlyList<DateOnly> Dates) Orders(int year, string mistyped)
    {
        var random = new Random(7);
        var first = new DateOnly(year, 1, 1);
        var days = DateOnly.FromDateTime(new DateTime(year, 12, 31)).DayNumber - first.DayNumber + 1;
        var rows = Enumerable.Range(0, 600)
            .Select(i => (Customer: $"c{i % 200}", Date: first.AddDays(random.Next(days)), Amount: 5 + random.Next(20_000) / 100.0))
            .OrderBy(r => r.Date)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Customer},{r.Date:yyyy-MM-dd},{r.Amount:0.00}"))
            .ToList();
        rows.Insert(300, $"c7,{mistyped},42.00");
        var path = Path.Combine(_folder, "orders.csv");
        File.WriteAllLines(path, ["customer_id,timestamp,amount", .. rows]);
        var dates = rows.Select(r => DateOnly.ParseExact(r.Split(',')[1], "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        return (path, 302, dates);
    }

    public static TheoryData<int, string, DateOnly, string> MistypedRows => new()
    {
        // Today is in 2026: a row dated 2099 is a future date, rejected like any bad row.
        { 2025, "2099-01-05", new DateOnly(2026, 12, 4), "column 'timestamp': date 2099-01-05 is in the future (today is 2026-12-04 UTC)" },
        // The same row once 2099 has passed, and a year typed wrong but still in the past: far beyond the bulk.
        { 2025, "2099-01-05", new DateOnly(2100, 1, 1), "column 'timestamp': 2099-01-05" },
        { 2019, "2026-11-03", new DateOnly(2026, 12, 4), "column 'timestamp': 2026-11-03" },
    };

    [Theory]
    [MemberData(nameof(MistypedRows))]
    public async Task ValidateStopsNamingTheMistypedRow(int year, string mistyped, DateOnly today, string message)
    {
        var (path, line, _) = Orders(year, mistyped);

        var (exitCode, _, error) = await Cli.RunAtAsync(Today(today.Year, today.Month, today.Day), "validate", "--transactions", path);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains($"{path}:{line}: {message}", error);
    }

    [Theory]
    [MemberData(nameof(MistypedRows))]
    public async Task TrainStopsNamingTheMistypedRowAndCurrentIsUntouched(int year, string mistyped, DateOnly today, string message)
    {
        var (path, line, _) = Orders(year, mistyped);
        var models = Directory.CreateDirectory(Path.Combine(_folder, "models")).FullName;
        Directory.CreateDirectory(Path.Combine(models, "v0"));
        ModelPointer.Write(models, "v0");

        var (exitCode, _, error) = await Cli.RunAtAsync(Today(today.Year, today.Month, today.Day),
            "train", "--transactions", path, "--out", models, "--horizon-days", "90", "--trees", "5", "--leaves", "4");

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains($"{path}:{line}: {message}", error);
        Assert.Equal("v0", ModelPointer.Read(models));
        Assert.Equal(["v0"], Directory.GetDirectories(models).Select(Path.GetFileName));
    }

    [Theory]
    [MemberData(nameof(MistypedRows))]
    public async Task ScoreStopsNamingTheMistypedRowBeforeTheStoreIsWritten(int year, string mistyped, DateOnly today, string message)
    {
        var (path, line, _) = Orders(year, mistyped);
        var store = Path.Combine(_folder, "scores.db");

        var (exitCode, _, error) = await Cli.RunAtAsync(Today(today.Year, today.Month, today.Day),
            "score", "--transactions", path, "--model", Path.Combine(Cli.Root, "models"), "--store", store);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains($"{path}:{line}: {message}", error);
        Assert.False(File.Exists(store));
    }

    [Fact]
    public async Task TheFarRowMessageAsksForAnExplicitDateAndValidatePrintsTheBulkAndTheOutliers()
    {
        var (path, _, _) = Orders(2019, "2026-11-03");

        var (exitCode, output, error) = await Cli.RunAtAsync(Today(2026, 12, 4), "validate", "--transactions", path, "--horizon-days", "180");

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("  bulk of the rows: 2019-01-0", output);
        Assert.Contains("  far beyond the bulk (more than 180 days after it): 2026-11-03 .. 2026-11-03 (1 row)", output);
        Assert.Contains("1 row is dated far beyond the rest of the data, more than 180 days (the horizon) after the bulk", error);
        Assert.EndsWith("or give an explicit --as-of.", error.TrimEnd());
    }

    [Fact]
    public async Task APlaceholderDateAtTheStartIsNamedAndTrainingPlacesItsPeriodsWithinTheBulk()
    {
        // A 1970-01-01 row (a date written for none) before a year of orders. Taken as where the history starts, it made
        // room for a validation period whose models would be fitted on the first days of 2019, with too few buyers:
        // training stopped. Within the bulk there is room for an out-of-time test period only.
        var (path, line, _) = Orders(2019, "1970-01-01");

        var (validateExit, validateOutput, _) = await Cli.RunAtAsync(Today(2026, 12, 4), "validate", "--transactions", path, "--horizon-days", "120");
        var (exitCode, output, error) = await Cli.RunAtAsync(Today(2026, 12, 4),
            "train", "--transactions", path, "--out", Path.Combine(_folder, "models"), "--horizon-days", "120",
            "--trees", "5", "--leaves", "4", "--json");

        Assert.Equal(ExitCodes.Ok, validateExit);
        Assert.Contains("orders.csv: 1 row is dated far before the rest of the data, more than 365 days before the bulk", validateOutput);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"orders.csv:{line}: column 'timestamp': 1970-01-01"), validateOutput);
        Assert.True(exitCode == ExitCodes.Ok, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(EvaluationPlan.OutOfTime, json.GetProperty("evaluation").GetString());
        Assert.Contains(json.GetProperty("notes").EnumerateArray(), note => note.GetString()!.Contains("1 row is dated far before the rest", StringComparison.Ordinal));
    }

    /// <summary>
    /// Orders every day of 2019 but three weeks of June the export missed, and a last week holding a tenth of its
    /// orders: the card names both, and the cutoff whose labels end before the last week.
    /// </summary>
    [Fact]
    public async Task TrainingNotesDaysTheExportMissedAndItsIncompleteLastDays()
    {
        var random = new Random(11);
        var rows = new List<string>();
        for (var day = new DateOnly(2019, 1, 1); day <= new DateOnly(2019, 12, 31); day = day.AddDays(1))
        {
            var orders = day >= new DateOnly(2019, 6, 3) && day <= new DateOnly(2019, 6, 23) ? 0 : day >= new DateOnly(2019, 12, 25) ? 3 : 30;
            for (var i = 0; i < orders; i++)
                rows.Add(string.Create(CultureInfo.InvariantCulture, $"c{random.Next(400)},{day:yyyy-MM-dd},{5 + random.Next(10_000) / 100.0:0.00}"));
        }
        var path = Path.Combine(_folder, "orders.csv");
        File.WriteAllLines(path, ["customer_id,timestamp,amount", .. rows]);

        var (exitCode, output, error) = await Cli.RunAtAsync(Today(2026, 12, 4),
            "train", "--transactions", path, "--out", Path.Combine(_folder, "models"), "--horizon-days", "60", "--trees", "5", "--leaves", "4", "--json");

        Assert.True(exitCode == ExitCodes.Ok, error);
        var notes = JsonDocument.Parse(output).RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains(notes, n => n.Contains("orders.csv: a run of days holds far fewer rows than the same weekdays of the 8 weeks before: 2019-06-03 .. 2019-06-23 (21 days) hold no rows where the same weekdays before held 630 (0%)", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("orders.csv: the last days, 2019-12-25 .. 2019-12-31 (7 days) hold 21 rows where the same weekdays before held 210 (10%)", StringComparison.Ordinal)
            && n.Contains("with --cutoff 2019-10-25 (labels over the 60 days after it)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithAnExplicitCutoffTrainingUsesTheDataAndCountsTheRowsAfterTheCutoff()
    {
        var (path, _, dates) = Orders(2019, "2026-11-03");
        var cutoff = new DateOnly(2019, 6, 30);

        var (exitCode, output, error) = await Cli.RunAtAsync(Today(2026, 12, 4),
            "train", "--transactions", path, "--out", Path.Combine(_folder, "models"), "--cutoff", "2019-06-30", "--horizon-days", "90",
            "--trees", "5", "--leaves", "4", "--json");

        Assert.True(exitCode == ExitCodes.Ok, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(dates.Count(d => d > cutoff), json.GetProperty("rowsAfterCutoff").GetInt64());
    }

    [Fact]
    public async Task WithAnExplicitAsOfScoringLeavesOutAndCountsTheLaterRows()
    {
        var (path, _, dates) = Orders(2019, "2026-11-03");
        var asOf = new DateOnly(2019, 12, 31);

        var (exitCode, output, error) = await Cli.RunAtAsync(Today(2026, 12, 4),
            "score", "--transactions", path, "--model", Path.Combine(Cli.Root, "models"), "--as-of", "2019-12-31",
            "--store", Path.Combine(_folder, "scores.db"), "--json");

        Assert.True(exitCode == ExitCodes.Ok, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(dates.Count(d => d > asOf), json.GetProperty("rowsAfterAsOf").GetInt64());
        Assert.Equal(1, json.GetProperty("rowsAfterAsOf").GetInt64());
    }

    [Theory]
    // Before, each scored: as of 2030 every customer silent for years, as of 1890 or before the first order a run of
    // nobody that replaced the store's current run.
    [InlineData("2030-01-01", "--as-of: date 2030-01-01 is in the future (today is 2026-12-04 UTC)")]
    [InlineData("1890-01-01", "--as-of: 1890-01-01 is before 1900-01-01, the earliest date accepted.")]
    [InlineData("2018-12-31", "Nothing to score as of 2018-12-31: every transaction is later (the first is on {first}); the store's current run is kept. Give an --as-of on or after it.")]
    public async Task AnAsOfDateWithNoCustomerToDescribeStopsScoringBeforeTheStoreIsOpened(string asOf, string message)
    {
        var (path, _, dates) = Orders(2019, "2019-07-01");
        var store = Path.Combine(_folder, "scores.db");

        var (exitCode, _, error) = await Cli.RunAtAsync(Today(2026, 12, 4),
            "score", "--transactions", path, "--model", Path.Combine(Cli.Root, "models"), "--as-of", asOf, "--store", store);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Equal(message.Replace("{first}", dates.Min().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal), error.Trim());
        Assert.False(File.Exists(store));
    }

    [Fact]
    public async Task ValidateStopsOnAnAsOfDateInTheFutureAsScoringDoes()
    {
        var (path, _, _) = Orders(2019, "2019-07-01");

        var (exitCode, _, error) = await Cli.RunAtAsync(Today(2026, 12, 4), "validate", "--transactions", path, "--as-of", "2030-01-01");

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Equal("error: --as-of: date 2030-01-01 is in the future (today is 2026-12-04 UTC)", error.Trim());
    }
}
