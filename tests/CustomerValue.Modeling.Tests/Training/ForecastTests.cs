using System.Globalization;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Monitoring;
using CustomerValue.Core.Serving;
using CustomerValue.Modeling.Synthetic;
using CustomerValue.Modeling.Tests.TestData;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>
/// One training run on a generated base whose files end at the simulator's truth date, so the truth file holds each
/// customer's expected spend over the horizon after the data's end: the very horizon the card's forecast is for.
/// </summary>
public sealed class ForecastRun : IDisposable
{
    static readonly DateOnly DataEnd = new(2025, 12, 31);
    readonly TempDirectory _folder = new();

    public ForecastRun()
    {
        var data = Path.Combine(_folder.Path, "data");
        // The simulation runs a year past the truth date; the files a user has stop at it.
        SyntheticDatasetWriter.Write(new SyntheticDataOptions { Customers = 2500, Seed = 42, End = DataEnd.AddYears(1), TruthDate = DataEnd }, data);
        var transactions = Path.Combine(data, SyntheticFiles.TransactionsFile);
        var lines = File.ReadAllLines(transactions);
        TransactionsPath = Path.Combine(_folder.Path, "transactions-to-2025.csv");
        File.WriteAllLines(TransactionsPath, [lines[0], .. lines.Skip(1).Where(l => DateOnly.ParseExact(l.Split(',')[1][..10], "yyyy-MM-dd", CultureInfo.InvariantCulture) <= DataEnd)]);
        CustomersPath = Path.Combine(data, SyntheticFiles.CustomersFile);
        TrueSpend = File.ReadAllLines(Path.Combine(data, SyntheticFiles.TruthFile)).Skip(1)
            .Sum(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture));
        Options = new TrainingOptions
        {
            TransactionsPath = TransactionsPath,
            CustomersPath = CustomersPath,
            ModelsDirectory = Path.Combine(_folder.Path, "models"),
            Hyperparameters = new TreeHyperparameters(40, 8, 0.1, 20),
            Version = "forecast",
        };
        Result = new ModelTrainer(Options).Run();
    }

    public string TransactionsPath { get; }
    public string CustomersPath { get; }
    public TrainingOptions Options { get; }
    public TrainingResult Result { get; }

    /// <summary>Σ of the simulator's expected spend per customer over the horizon after the data's end.</summary>
    public double TrueSpend { get; }

    public void Dispose() => _folder.Dispose();
}

public sealed class ForecastTests(ForecastRun run) : IClassFixture<ForecastRun>
{
    [Fact]
    public void TheForecastSumsWhatTheBundleServesForEveryCustomerAsOfTheDataEnd()
    {
        var forecast = run.Result.Card.Forecast;
        using var model = ModelFolder.Load(run.Result.BundlePath, ModelBundle.Load);
        var bundle = model.Bundle;
        var input = TrainingInput.Open(run.Options);
        var rows = input.Snapshot(new DateOnly(2025, 12, 31), bundle.FeatureOptions).Rows;

        var served = rows.Sum(r => bundle.Predict(r.Features, explain: false).PredictedValue);

        Assert.NotNull(forecast);
        Assert.Equal(new DateOnly(2025, 12, 31), forecast!.AsOf);
        Assert.Equal(new DateOnly(2026, 1, 1), forecast.From);
        Assert.Equal(new DateOnly(2026, 12, 31), forecast.To);
        Assert.Equal(rows.Count, forecast.Customers);
        Assert.Equal(rows.Count(r => r.Features.IsProspect), forecast.NewCustomers);
        Assert.Equal(served, forecast.PredictedValue, 6);
        Assert.True(forecast.ExpectedPurchases > 0);
        Assert.Equal(run.Result.Card.Clv!.Metrics.SumError, forecast.TestValueError!.Value, 12);
        Assert.True(forecast.OutOfTime);
    }

    /// <summary>
    /// A customer with returns only in the data has no purchase day, as one who has yet to order has none; their purchases
    /// predate the data, so the forecast does not count them among the customers without an order yet.
    /// </summary>
    [Fact]
    public void ACustomerWithReturnsOnlyIsNotCountedAsWithoutAnOrderYet()
    {
        var asOf = new DateOnly(2025, 12, 31);
        var options = new FeatureOptions { HorizonDays = run.Result.Card.HorizonDays };
        FeatureRow Row(string id, params DatedAmount[] history) =>
            FeatureBuilder.SnapshotOfAmounts(new CustomerProfile(id), history, asOf, options);
        var rows = new[] { Row("buyer", new DatedAmount(asOf.AddDays(-30), 40.0)), Row("new"), Row("returner", new DatedAmount(asOf.AddDays(-20), -25.0)) };

        var forecast = ForecastTotals.Of(run.Result.Card, rows, [.. rows.Select(_ => new PredictedValues(10, 0.5, 1))])!;

        Assert.Equal((true, true), (rows[1].IsProspect, rows[2].IsProspect));
        Assert.Equal((false, true), (rows[1].ReturnsOnly, rows[2].ReturnsOnly));
        Assert.Equal((3, 1), (forecast.Customers, forecast.NewCustomers));
        Assert.StartsWith("As of 2025-12-31, the 3 customers (1 without an order yet) are predicted to spend 30.00", forecast.Reading, StringComparison.Ordinal);
    }

    [Fact]
    public void TheForecastIsSavedInTheCardAndReadInTheReport()
    {
        var saved = ModelCard.FromJson(File.ReadAllText(Path.Combine(run.Result.BundlePath, ModelCard.FileName)), "card");
        var report = File.ReadAllText(Path.Combine(run.Result.BundlePath, TrainingReport.FileName));

        Assert.Equal(run.Result.Card.Forecast! with { ByMonth = null }, saved.Forecast! with { ByMonth = null });
        Assert.Equal(run.Result.Card.Forecast!.ByMonth!, saved.Forecast.ByMonth!);
        Assert.Contains("## Forecast for the next horizon", report);
        // A year's horizon: the forecast by calendar month, its parts summing to the total.
        Assert.Equal(12, saved.Forecast.ByMonth!.Count);
        Assert.Equal(saved.Forecast.PredictedValue, saved.Forecast.ByMonth.Sum(m => m.PredictedValue), 6);
        Assert.Contains("| 2026-12-01 – 2026-12-31 |", report, StringComparison.Ordinal);
        Assert.Contains($"Months: {saved.Clv!.MonthSpread!.Reason}.", report, StringComparison.Ordinal);
        Assert.Contains(saved.Forecast!.Reading, report);
        Assert.Contains("from 2026-01-01 to 2026-12-31", saved.Forecast.Reading);
    }

    /// <remarks>Measured: +4.6 % against the simulator's 527,399 (`cvml train` on the same files, with its search: 543,824, +3.1 %).</remarks>
    [Fact]
    public void TheForecastLandsNearTheSimulatorsExpectedSpendOverTheNextHorizon()
    {
        var forecast = run.Result.Card.Forecast!;

        Assert.InRange(forecast.PredictedValue / run.TrueSpend - 1, -0.10, 0.10);
    }
}
