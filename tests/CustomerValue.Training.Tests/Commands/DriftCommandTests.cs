using System.Globalization;
using System.Text.Json;
using CustomerValue.Core.Monitoring;
using CustomerValue.Core.Store;

namespace CustomerValue.Training.Tests.Commands;

/// <summary>A small model trained once on the shipped synthetic sample (cutoff 2024-12-31, data to 2025-12-31), in a temp folder.</summary>
public sealed class DriftModel : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "cvml-drift-" + Guid.NewGuid().ToString("N"));

    public string Models => Path.Combine(Directory, "models");

    public static string Transactions => Path.Combine(Cli.Root, "data-samples", "synthetic", "transactions.csv");

    public static string Customers => Path.Combine(Cli.Root, "data-samples", "synthetic", "customers.csv");

    public DriftModel()
    {
        var (exitCode, output, error) = Cli.RunAsync("train", "--transactions", Transactions, "--customers", Customers, "--out", Models,
            "--cutoff", "2024-12-31", "--trees", "20", "--leaves", "8", "--learning-rate", "0.2", "--min-leaf", "10",
            "--version-name", "v1").GetAwaiter().GetResult();
        if (exitCode != 0)
            throw new InvalidOperationException($"training the drift model failed ({exitCode}): {output}{error}");
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

public sealed class DriftCommandTests(DriftModel model) : IClassFixture<DriftModel>, IDisposable
{
    readonly string _directory = System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "cvml-drift-test-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);

    string Bundle => Path.Combine(model.Models, "v1");

    /// <summary>The sample with every amount × 1.8, and the device of half the customers set to android and of a tenth to one training never saw.</summary>
    (string Transactions, string Customers) ShiftedBase()
    {
        var transactions = Path.Combine(_directory, "shifted-transactions.csv");
        var lines = File.ReadAllLines(DriftModel.Transactions);
        var amount = Array.IndexOf(lines[0].Split(','), "amount");
        File.WriteAllLines(transactions, lines.Select((line, i) =>
        {
            if (i == 0)
                return line;
            var fields = line.Split(',');
            fields[amount] = (double.Parse(fields[amount], CultureInfo.InvariantCulture) * 1.8).ToString("0.##", CultureInfo.InvariantCulture);
            return string.Join(',', fields);
        }));
        var customers = Path.Combine(_directory, "shifted-customers.csv");
        var rows = File.ReadAllLines(DriftModel.Customers);
        var device = Array.IndexOf(rows[0].Split(','), "device");
        File.WriteAllLines(customers, rows.Select((line, i) =>
        {
            if (i == 0)
                return line;
            var fields = line.Split(',');
            fields[device] = i % 10 == 1 ? "smart-tv" : i % 2 == 0 ? "android" : fields[device];
            return string.Join(',', fields);
        }));
        return (transactions, customers);
    }

    static DriftReport Read(string json) => JsonSerializer.Deserialize(json, DriftJson.Default.DriftReport)!;

    [Fact]
    public async Task ScoringTheDataTheModelWasTrainedOnGivesPsiZeroForEveryInputAndStoresItWithTheRun()
    {
        var store = Path.Combine(_directory, "store.db");

        var (exitCode, output, _) = await Cli.RunAsync("score", "--model", Bundle, "--transactions", DriftModel.Transactions,
            "--customers", DriftModel.Customers, "--store", store);
        await using var customers = CustomerStoreFactory.Create(StoreConnection.Parse(store));
        var run = await customers.GetLatestRunAsync();
        var drift = await customers.GetDriftAsync(run!.RunId);

        Assert.Equal(0, exitCode);
        Assert.Contains("drift    stable against the customers as of 2025-12-31 when the model was trained (2,500 customers", output);
        Assert.Equal(2500, drift!.Rows);
        Assert.NotEmpty(drift.Inputs);
        Assert.All(drift.Inputs.Concat(drift.Predictions), c => Assert.Equal(0, c.Psi!.Value, 9));
        Assert.All(drift.Inputs.Where(c => c.UnseenShare is not null), c => Assert.Equal(0, c.UnseenShare));
        Assert.Equal(DriftLevel.Stable, drift.Level);
    }

    [Fact]
    public async Task AShiftedDeviceMixAndSpendLevelFlagsExactlyTheShiftedInputs()
    {
        var (transactions, customers) = ShiftedBase();

        var (exitCode, output, _) = await Cli.RunAsync("drift", "--model", Bundle, "--transactions", transactions,
            "--customers", customers, "--json");
        var report = Read(output);
        var flagged = report.Inputs.Where(c => c.Level != DriftLevel.Stable).Select(c => c.Name).Order(StringComparer.Ordinal);

        Assert.Equal(2, exitCode);
        Assert.Equal(DriftLevel.Act, report.Level);
        // Spend ×1.8 moves the inputs in currency; counts, days and the other profile fields stay put, and the spend trend
        // (a ratio) moves only by the rounding of the amounts to cents. As of the data's end 65 % of the customers spent
        // nothing in the last year: spend_365 and spend_last_horizon keep that share in their zero bin and move less
        // (PSI 0.05) than the watch level.
        Assert.Equal(["device", "first_ticket", "monetary", "total_spend"], flagged);
        Assert.All(report.Inputs.Where(c => c.Level == DriftLevel.Stable && c.Name is not ("spend_365" or "spend_last_horizon")),
            c => Assert.True(c.Psi < 1e-4, $"{c.Name}: PSI {c.Psi}"));
        Assert.All(report.Inputs.Where(c => c.Name is "spend_365" or "spend_last_horizon"), c => Assert.InRange(c.Psi!.Value, 0.01, 0.1));
    }

    [Fact]
    public async Task DevicesTrainingNeverSawAreCountedAsTheirShareOfTheBase()
    {
        var (transactions, customers) = ShiftedBase();

        var (_, output, _) = await Cli.RunAsync("drift", "--model", Bundle, "--transactions", transactions,
            "--customers", customers, "--json");
        var device = Read(output).Inputs.Single(c => c.Name == "device");

        // Rows 1, 11, 21, … of the 2,500 customers: 250 on smart-tv.
        Assert.Equal(250, device.Bins[^2].Count);
        Assert.Equal("(unseen)", device.Bins[^2].Bin);
        Assert.Equal(0.1, device.UnseenShare!.Value, 12);
    }

    [Fact]
    public async Task TheCommandListsTheInputsThatMovedMostAndNamesTheFlaggedOnes()
    {
        var (transactions, customers) = ShiftedBase();

        var (exitCode, output, _) = await Cli.RunAsync("drift", "--model", Bundle, "--transactions", transactions,
            "--customers", customers, "--drift-top", "2");
        var listed = output.Split('\n').SkipWhile(l => !l.Contains("input moved most")).Skip(1).TakeWhile(l => !l.Contains("prediction ")).ToList();

        Assert.Equal(2, exitCode);
        Assert.Equal(2, listed.Count);
        Assert.StartsWith("  device ", listed[0]);
        Assert.Contains("flagged: device (ACT)", output);
    }

    [Fact]
    public async Task RealisedComparesARunWithTheFollowingQuarterScaledAndStoresIt()
    {
        var store = Path.Combine(_directory, "store.db");
        await Cli.RunAsync("score", "--model", Bundle, "--transactions", DriftModel.Transactions,
            "--customers", DriftModel.Customers, "--as-of", "2024-12-31", "--store", store);

        var (exitCode, output, error) = await Cli.RunAsync("realised", "--run", "latest", "--transactions", DriftModel.Transactions,
            "--store", store, "--models", model.Models, "--through", "2025-03-31");
        await using var customers = CustomerStoreFactory.Create(StoreConnection.Parse(store));
        var run = await customers.GetLatestRunAsync();
        var realised = await customers.GetRealisedAsync(run!.RunId);

        Assert.True(exitCode == 0, error);
        Assert.Equal(90, realised!.ElapsedDays);
        Assert.Equal(90 / 365.0, realised.ElapsedShare, 12);
        Assert.Equal(realised.PredictedTotal * 90 / 365.0, realised.PredictedTotalElapsed, 6);
        Assert.Contains("90 of the 365 horizon days have passed (24.7 %)", output);
        Assert.InRange(realised.Gini!.Value, 0.2, 1);
        Assert.InRange(realised.ChurnAuc!.Value, 0.6, 1);
        Assert.Equal(10, realised.Deciles.Count);
    }

    [Fact]
    public async Task RealisedForAnUnknownRunIsBadInput()
    {
        var (exitCode, _, error) = await Cli.RunAsync("realised", "--run", "nope", "--transactions", DriftModel.Transactions,
            "--store", Path.Combine(_directory, "empty.db"));

        Assert.Equal(1, exitCode);
        Assert.Contains("no run 'nope'", error);
    }

    [Fact]
    public async Task ANegativeCountOfInputsToListOrAHorizonOfNoDaysIsBadInputNamingTheOption()
    {
        // Before, --drift-top -1 scored and listed nothing, and --horizon-days 0 stopped on "horizonDays ('0') must be
        // greater than or equal to '1'. (Parameter 'horizonDays')".
        var store = Path.Combine(_directory, "top.db");
        var (scoreExit, scoreOutput, scoreError) = await Cli.RunAsync("score", "--model", Bundle, "--transactions", DriftModel.Transactions,
            "--store", store, "--drift-top", "-1");
        var (driftExit, _, driftError) = await Cli.RunAsync("drift", "--model", Bundle, "--transactions", DriftModel.Transactions, "--drift-top", "-2");
        var (realisedExit, _, realisedError) = await Cli.RunAsync("realised", "--run", "latest", "--transactions", DriftModel.Transactions,
            "--store", store, "--horizon-days", "0");

        Assert.Equal((1, "--drift-top: must be at least 0 (got -1)."), (scoreExit, scoreError.Trim()));
        Assert.DoesNotContain("scored", scoreOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(store));
        Assert.Equal((1, "--drift-top: must be at least 0 (got -2)."), (driftExit, driftError.Trim()));
        Assert.Equal((1, "--horizon-days: must be at least 1 (got 0)."), (realisedExit, realisedError.Trim()));
    }

    [Fact]
    public async Task ABaselineRecordedLaterFromTheTrainingFilesIsTheOneTrainingWrote()
    {
        var copy = System.IO.Directory.CreateDirectory(Path.Combine(_directory, "v1")).FullName;
        foreach (var file in System.IO.Directory.GetFiles(Bundle))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        File.Delete(Path.Combine(copy, DriftBaseline.FileName));

        var (exitCode, output, error) = await Cli.RunAsync("drift", "--model", copy, "--transactions", DriftModel.Transactions,
            "--customers", DriftModel.Customers, "--write-baseline");

        Assert.True(exitCode == 0, error);
        Assert.Contains("2,500 customers as of 2025-12-31", output);
        Assert.Equal(File.ReadAllText(Path.Combine(Bundle, DriftBaseline.FileName)), File.ReadAllText(Path.Combine(copy, DriftBaseline.FileName)));
    }

    [Fact]
    public async Task ABaselineIsNotRecordedFromFilesTheBundleWasNotTrainedOn()
    {
        var copy = System.IO.Directory.CreateDirectory(Path.Combine(_directory, "v1")).FullName;
        foreach (var file in System.IO.Directory.GetFiles(Bundle).Where(f => !f.EndsWith(DriftBaseline.FileName, StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        var (transactions, _) = ShiftedBase();

        var (exitCode, _, error) = await Cli.RunAsync("drift", "--model", copy, "--transactions", transactions,
            "--customers", DriftModel.Customers, "--write-baseline");

        Assert.Equal(1, exitCode);
        Assert.Contains("--transactions: ", error);
        Assert.Contains("is not the transactions file the bundle was trained on (transactions.csv", error);
        Assert.False(File.Exists(Path.Combine(copy, DriftBaseline.FileName)));
    }

    [Fact]
    public async Task TheShippedBundleCarriesABaselineItsOwnSampleMatches()
    {
        var (exitCode, output, error) = await Cli.RunAsync("drift", "--model", Path.Combine(Cli.Root, "models", "current"),
            "--transactions", DriftModel.Transactions, "--customers", DriftModel.Customers, "--json");
        var report = Read(output);

        Assert.True(exitCode == 0, error);
        Assert.Equal(2500, report.Rows);
        Assert.All(report.Inputs.Concat(report.Predictions), c => Assert.Equal(0, c.Psi!.Value, 9));
    }
}
