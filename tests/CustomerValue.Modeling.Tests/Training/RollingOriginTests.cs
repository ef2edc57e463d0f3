using CustomerValue.Core.Btyd;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Training;
using CustomerValue.Core.Serving;
using CustomerValue.Modeling.Tests.TestData;
using Xunit.Abstractions;

namespace CustomerValue.Modeling.Tests.Training;

public sealed class RollingOriginTests(ITestOutputHelper output) : IDisposable
{
    static readonly DateOnly From = new(2020, 1, 1);
    static readonly DateOnly To = new(2024, 12, 31);
    static readonly DateOnly Cutoff = new(2024, 9, 30);

    readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "cvml-rolling-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    TrainingOptions Seasonal(string transactions, string version, EvaluationMethod evaluation) => new()
    {
        TransactionsPath = transactions,
        ModelsDirectory = Path.Combine(_folder, version),
        Cutoff = Cutoff,
        HorizonDays = 91,
        Evaluation = evaluation,
        Hyperparameters = new TreeHyperparameters(60, 8, 0.1, 20),
        Version = version,
    };

    /// <summary>
    /// The peak is in mid-December: the test period (October to December) buys at nearly three times the pace of the
    /// quarter before it, which is what the test models are fitted on. A scale chosen on customer folds of that quarter
    /// carries its pace over; one chosen on the validation period, the same quarter a year earlier, carries the season.
    /// </summary>
    [Fact]
    public void OnASeasonalBaseTheValidationPeriodsChoiceGetsTheTestTotalRightWhereTheInSnapshotChoiceDoesNot()
    {
        var path = SeasonalBase.Write(_folder, customers: 1200, From, To, amplitude: 0.9, peakDayOfYear: 350, seed: 3);

        var validationChoice = new ModelTrainer(Seasonal(path, "rolling", EvaluationMethod.RollingOrigin)).Run().Card;
        var inSnapshotChoice = new ModelTrainer(Seasonal(path, "in-snapshot", EvaluationMethod.OutOfTime)).Run().Card;

        output.WriteLine($"test-period total error: validation-period choice {validationChoice.Clv!.Metrics.SumError:P1} ({validationChoice.Clv.Candidate}, scale {validationChoice.Clv.Scale:0.000}); in-snapshot choice {inSnapshotChoice.Clv!.Metrics.SumError:P1} ({inSnapshotChoice.Clv.Candidate}, scale {inSnapshotChoice.Clv.Scale:0.000})");
        Assert.Equal(EvaluationPlan.RollingOrigin, validationChoice.Evaluation.Method);
        Assert.Null(validationChoice.ProfileColumns);
        Assert.Equal(new DateOnly(2023, 9, 30), validationChoice.Evaluation.ValidationCutoff);
        Assert.Equal(EvaluationPlan.OutOfTime, inSnapshotChoice.Evaluation.Method);
        Assert.InRange(validationChoice.Clv!.Metrics.SumError, -0.15, 0.15);
        Assert.True(Math.Abs(inSnapshotChoice.Clv!.Metrics.SumError) > 0.15,
            $"the in-snapshot choice's test total is off by {inSnapshotChoice.Clv.Metrics.SumError:P1}, within ±15 %");
        var testMonths = validationChoice.Clv.TestTotalsByMonth!;
        Assert.Equal(2, testMonths.Count(m => m.From.Day == 1 && m.To.AddDays(1).Day == 1));
        // The months' shares: the season is the base's own calendar, read before the validation period and chosen there.
        output.WriteLine($"test months: {string.Join(", ", testMonths.Select(m => $"{m.From:yyyy-MM-dd} {m.Error:P1}"))}; {validationChoice.Clv.MonthSpread!.Reason}");
        var index = validationChoice.Clv.MonthSpread.SeasonalIndex;
        Assert.NotNull(index);
        Assert.True(index[11] > 1.5 * index[6], $"December's index {index[11]:0.00} against July's {index[6]:0.00}");
        Assert.All(testMonths, m => Assert.InRange(m.Error, -0.2, 0.2));
        var forecast = validationChoice.Forecast!;
        Assert.Equal(forecast.PredictedValue, forecast.ByMonth!.Sum(m => m.PredictedValue), 6);
        Assert.Equal((forecast.From, forecast.To), (forecast.ByMonth![0].From, forecast.ByMonth[^1].To));
        // Carrying the value past the trees' longest time away is a choice of the validation period; folds cannot test it.
        output.WriteLine($"dormancy: {validationChoice.Clv.DormancyReason}");
        Assert.Matches("validation rows were away longer than|no validation row is past it", validationChoice.Clv.DormancyReason);
        Assert.Contains("customer folds of one snapshot cannot test it", inSnapshotChoice.Clv.DormancyReason, StringComparison.Ordinal);
    }

    /// <summary>
    /// Twenty-six months of a base with a mid-December peak: too short for a validation period in the test period's
    /// calendar window a year earlier (its models would be fitted on eleven months), so choices are made on the quarter
    /// before the test period. The anchor's ratio comes back with the calendar, so it is read a year before the window it
    /// scales: for the test period (October to December), in last year's October to December, not in the summer quarter
    /// before it. Read there, the test totals were off by −33.9 % (value) and −35.0 % (purchases); read a year before,
    /// +4.6 % and +2.6 %.
    /// </summary>
    [Fact]
    public void OnTwoYearsOfASeasonalBaseTheTotalsRatioIsReadAYearBeforeTheWindowItScales()
    {
        var path = SeasonalBase.Write(_folder, customers: 1200, new DateOnly(2022, 8, 1), To, amplitude: 0.5, peakDayOfYear: 350, seed: 3);

        var card = new ModelTrainer(Seasonal(path, "year-before", EvaluationMethod.RollingOrigin)).Run().Card;

        output.WriteLine($"test total error {card.Clv!.Metrics.SumError:P1}, purchases {card.Orders!.Metrics.SumError:P1}; {card.Clv.ScaleReason}");
        Assert.Equal(new DateOnly(2024, 7, 1), card.Evaluation.ValidationCutoff);
        Assert.Contains("read a year before the window it scales", card.Clv.ScaleReason, StringComparison.Ordinal);
        Assert.Contains(card.Notes, n => n.Contains("so the models were chosen in another season; the level of the totals was read a year before the window it scales, in the same season", StringComparison.Ordinal));
        Assert.InRange(card.Clv.Metrics.SumError, -0.15, 0.15);
        Assert.InRange(card.Orders.Metrics.SumError, -0.15, 0.15);
    }

    /// <summary>
    /// Out of time without a validation period, the only ratio of totals to measure is one on customer folds of the fitted
    /// snapshot, a horizon before the origin it would scale; the served totals come from BTYD + Gamma-Gamma fitted at each
    /// origin itself, at its own level, in the test figures and in serving alike.
    /// </summary>
    [Fact]
    public void OutOfTimeWithoutAValidationPeriodTheTotalsAreBtydsAtItsOwnLevel()
    {
        var path = SeasonalBase.Write(_folder, customers: 1200, From, To, amplitude: 0.2, peakDayOfYear: 350, seed: 5);

        var card = new ModelTrainer(Seasonal(path, "own-level", EvaluationMethod.OutOfTime)).Run().Card;

        Assert.Equal(EvaluationPlan.OutOfTime, card.Evaluation.Method);
        output.WriteLine($"value: {card.Clv!.ScaleReason}");
        output.WriteLine($"purchases: {card.Orders!.CandidateReason}");
        // BTYD + Gamma-Gamma ranks best here and ships: at its own level its values are served unscaled, where the customer
        // folds' Σ actual / Σ predicted would have scaled them.
        Assert.Equal(ClvCandidates.Btyd, card.Clv.Candidate);
        var folds = card.Clv.Candidates!.Single(c => c.Name == ClvCandidates.Btyd).Scale;
        Assert.True(Math.Abs(folds - 1) > 0.05, $"the customer folds' scale {folds:0.000} is too near 1 to tell the rules apart");
        Assert.Equal(1, card.Clv.Scale, 1e-9);
        Assert.Contains("at its own level", card.Clv.ScaleReason, StringComparison.Ordinal);
        // Purchases: the test total is BTYD's own, whichever model serves them.
        Assert.Contains("at its own level", card.Orders.CandidateReason, StringComparison.Ordinal);
        Assert.Equal(card.Orders.BtydSumError!.Value, card.Orders.Metrics.SumError, 1e-6);
    }

    /// <summary>
    /// A history shorter than two horizons is judged on customer folds of one period, whose Σ actual / Σ predicted scales
    /// the test rows of that period; the forecast served from the data's end is BTYD + Gamma-Gamma's own sum there, fitted
    /// on the snapshot as of that day, shared by the winner's values.
    /// </summary>
    [Fact]
    public void OnCustomerFoldsOfOnePeriodTheServedTotalIsBtydsOwnAsOfTheDataEnd()
    {
        var path = SeasonalBase.Write(_folder, customers: 1200, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), amplitude: 0.2, peakDayOfYear: 350, seed: 5);
        var options = Seasonal(path, "folds", EvaluationMethod.Auto) with { Cutoff = null, HorizonDays = 200 };

        var card = new ModelTrainer(options).Run().Card;

        Assert.Equal(EvaluationPlan.KFold, card.Evaluation.Method);
        // Why one period: the earlier snapshot a horizon back would fall before the data starts.
        Assert.Contains("the data is too short for two snapshots 200 days apart: the earlier, as of 2023-11-27, would have none of the history, which starts 2024-01-01, and 90 days are needed", card.Evaluation.Description, StringComparison.Ordinal);
        output.WriteLine($"value: {card.Clv!.ScaleReason}");
        output.WriteLine(card.Forecast!.Reading);
        var end = FeatureBuilder.BuildAsOfLastDate(new CustomerValue.Core.Data.TransactionLoader().Load(path).Transactions, null, new FeatureOptions { HorizonDays = 200 }).Rows.Select(e => e.Features).ToList();
        var btyd = BtydFeatureModel.Fit(end, kind: card.Btyd!.Kind);
        var own = end.Sum(row => Math.Max(0, ClvCandidates.RuleValue(ClvCandidates.Btyd, row, 200, btyd)));
        var folds = card.Clv.Candidates!.Single(c => c.Shipped).Scale;
        output.WriteLine($"forecast {card.Forecast.PredictedValue:N2}; BTYD + Gamma-Gamma's own as of {end[0].AsOf:yyyy-MM-dd} {own:N2}; shipped scale {card.Clv.Scale:0.000}, the folds' {folds:0.000}");
        Assert.Equal(own, card.Forecast.PredictedValue, own * 0.01);
        Assert.True(Math.Abs(card.Clv.Scale / folds - 1) > 0.02, $"the folds' scale {folds:0.000} is too near the served one to tell the rules apart");
        Assert.Contains("at its own level", card.Clv.ScaleReason, StringComparison.Ordinal);
        Assert.Contains("does not carry the folds' scale", card.Forecast.Reading, StringComparison.Ordinal);
        // The reason says what the folds' scale would have served instead.
        Assert.Contains(FormattableString.Invariant($"({folds:0.000}: it would have served "), card.Clv.ScaleReason, StringComparison.Ordinal);
        Assert.Contains("at its own level", card.Orders!.CandidateReason, StringComparison.Ordinal);
    }

    /// <summary>
    /// Two years of a base with a December peak, at a horizon of a year: customer folds of one period, no validation
    /// period. Whether the base's seasonal index spreads the served forecast over its months is judged on a backtest in the
    /// history instead: the index read from the 15 complete months before an origin in the second year, the months after
    /// it spread both ways. BTYD's timing alone has a customer's purchases fall off over the year, so the served December
    /// would stand below July; with the index it stands well above it. The backtest's months are the test rows' own, so
    /// the test months keep BTYD's timing alone.
    /// </summary>
    [Fact]
    public void OnCustomerFoldsABacktestInTheHistoryDecidesTheServedMonthsSeasonalIndex()
    {
        var path = SeasonalBase.Write(_folder, customers: 1200, new DateOnly(2023, 1, 1), To, amplitude: 0.9, peakDayOfYear: 350, seed: 3);

        var card = new ModelTrainer(Seasonal(path, "backtest-months", EvaluationMethod.Auto) with { Cutoff = null, HorizonDays = 365 }).Run().Card;

        Assert.Equal(EvaluationPlan.KFold, card.Evaluation.Method);
        var spread = card.Clv!.MonthSpread!;
        output.WriteLine(spread.Reason);
        Assert.Contains("without a validation period, on a backtest in the history (2024-04-01 to 2024-12-31, the customers known on 2024-03-31: the test rows' own period", spread.Reason, StringComparison.Ordinal);
        var index = spread.SeasonalIndex;
        Assert.NotNull(index);
        Assert.True(index[11] > 1.5 * index[6], $"December's index {index[11]:0.00} against July's {index[6]:0.00}");
        static double PerDay(ForecastMonth m) => m.PredictedValue / (m.To.DayNumber - m.From.DayNumber + 1);
        var months = card.Forecast!.ByMonth!;
        var (july, december) = (months.Single(m => m.From == new DateOnly(2025, 7, 1)), months.Single(m => m.From == new DateOnly(2025, 12, 1)));
        output.WriteLine($"served a day: July {PerDay(july):N2}, December {PerDay(december):N2}");
        Assert.True(PerDay(december) > 1.5 * PerDay(july), $"December {PerDay(december):N2} a day against July's {PerDay(july):N2}");
        Assert.Equal(card.Forecast.PredictedValue, months.Sum(m => m.PredictedValue), 6);
    }

    /// <summary>The same two years without a season: the backtest reads a flat index and keeps BTYD's timing alone.</summary>
    [Fact]
    public void OnCustomerFoldsOfABaseWithoutASeasonTheBacktestKeepsBtydsTiming()
    {
        var path = SeasonalBase.Write(_folder, customers: 1200, new DateOnly(2023, 1, 1), To, amplitude: 0, peakDayOfYear: 1, seed: 3);

        var card = new ModelTrainer(Seasonal(path, "backtest-flat", EvaluationMethod.Auto) with { Cutoff = null, HorizonDays = 365 }).Run().Card;

        var spread = card.Clv!.MonthSpread!;
        output.WriteLine(spread.Reason);
        Assert.Contains("on a backtest in the history", spread.Reason, StringComparison.Ordinal);
        Assert.Null(spread.SeasonalIndex);
    }

    /// <summary>Without a BTYD model the months are spread evenly, and the reason says so rather than naming BTYD's timing.</summary>
    [Fact]
    public void WithoutABtydModelTheMonthsReasonSaysTheyAreSpreadEvenly()
    {
        var path = SeasonalBase.Write(_folder, customers: 600, new DateOnly(2023, 1, 1), To, amplitude: 0.9, peakDayOfYear: 350, seed: 3);

        var card = new ModelTrainer(Seasonal(path, "no-btyd-months", EvaluationMethod.Auto) with { Cutoff = null, HorizonDays = 365, BtydModel = null }).Run().Card;

        Assert.Equal("spread evenly over the horizon's days, as no BTYD model times each customer's purchases: without a validation period, and without a BTYD model to time a backtest's months, no seasonal index was tried",
            card.Clv!.MonthSpread!.Reason);
    }

    /// <summary>
    /// A base that starts with a cohort of one-time buyers who come back once in spring, and grows later: the backtest that
    /// chooses the BTYD kind (as of late March) has too few repeat buyers to fit any, so the bundle ships none, but the
    /// snapshot as of the data's end fits the fallback kind, and its own sum is the served total.
    /// </summary>
    [Fact]
    public void OnCustomerFoldsWithoutABtydModelTheFallbackKindFittedAtTheDataEndSetsTheServedTotal()
    {
        var grown = SeasonalBase.Write(_folder, customers: 1200, new DateOnly(2024, 3, 20), new DateOnly(2024, 12, 31), amplitude: 0.2, peakDayOfYear: 350, seed: 7);
        var path = Path.Combine(_folder, "young.csv");
        File.WriteAllLines(path, File.ReadLines(grown).Take(1)
            .Concat(Enumerable.Range(0, 150).SelectMany(i => new[] { $"early{i:000},2024-01-02,{40 + (i % 20)}.00", $"early{i:000},2024-04-15,{30 + (i % 20)}.00" }))
            .Concat(File.ReadLines(grown).Skip(1)));
        var options = Seasonal(path, "young", EvaluationMethod.Auto) with { Cutoff = null, HorizonDays = 200, ChooseBtydModel = true };

        var card = new ModelTrainer(options).Run().Card;

        Assert.Equal(EvaluationPlan.KFold, card.Evaluation.Method);
        output.WriteLine($"BTYD: {card.BtydReason}");
        output.WriteLine($"value: {card.Clv!.ScaleReason}");
        Assert.Null(card.Btyd);
        var end = FeatureBuilder.BuildAsOfLastDate(new CustomerValue.Core.Data.TransactionLoader().Load(path).Transactions, null, new FeatureOptions { HorizonDays = 200 })
            .Rows.Select(e => e.Features).ToList();
        var btyd = BtydFeatureModel.Fit(end, kind: BtydModelKind.BgNbd);
        var own = end.Sum(row => Math.Max(0, ClvCandidates.RuleValue(ClvCandidates.Btyd, row, 200, btyd)));
        output.WriteLine($"forecast {card.Forecast!.PredictedValue:N2}; BG/NBD + Gamma-Gamma's own as of {end[0].AsOf:yyyy-MM-dd} {own:N2}");
        Assert.Equal(own, card.Forecast.PredictedValue, own * 0.01);
        Assert.Contains("(BG/NBD) fitted on the snapshot as of the data's end", card.Clv.ScaleReason, StringComparison.Ordinal);
    }

    /// <summary>
    /// Two files that agree up to the end of the validation period's labels and differ only after the test cutoff
    /// (every amount there ×5): every choice must come out the same, and only the test figures may move.
    /// </summary>
    [Fact]
    public void NoChoiceSeesTheTestPeriodsLabels()
    {
        var plain = SeasonalBase.Write(_folder, customers: 600, From, To, amplitude: 0.5, peakDayOfYear: 200, seed: 5);
        var inflated = Path.Combine(_folder, "inflated.csv");
        File.WriteAllLines(inflated, File.ReadLines(plain).Select((line, i) =>
        {
            if (i == 0)
                return line;
            var parts = line.Split(',');
            return DateOnly.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) > Cutoff
                ? $"{parts[0]},{parts[1]},{double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) * 5:0.00}"
                : line;
        }));

        var a = new ModelTrainer(Seasonal(plain, "plain", EvaluationMethod.RollingOrigin) with { Hyperparameters = null, MaximumTrials = 2 }).Run().Card;
        var b = new ModelTrainer(Seasonal(inflated, "inflated", EvaluationMethod.RollingOrigin) with { Hyperparameters = null, MaximumTrials = 2 }).Run().Card;

        Assert.Equal(a.Evaluation.Search.Select(t => t.Value), b.Evaluation.Search.Select(t => t.Value));
        Assert.Equal(a.Clv!.Hyperparameters, b.Clv!.Hyperparameters);
        Assert.Equal(a.Clv.Objective, b.Clv.Objective);
        Assert.Equal(a.Clv.Candidate, b.Clv.Candidate);
        Assert.Equal(a.Clv.Scale, b.Clv.Scale);
        Assert.Equal(a.Clv.BlendWeight, b.Clv.BlendWeight);
        Assert.Equal(a.Churn.TreeWeight, b.Churn.TreeWeight);
        Assert.Equal(a.Churn.Threshold, b.Churn.Threshold);
        Assert.Equal(a.Orders!.Scale, b.Orders!.Scale);
        Assert.Equal(a.Clv.Interval.Bands, b.Clv.Interval.Bands);
        Assert.Equal(a.Clv.Candidates!.Select(c => c.ValidationGini), b.Clv.Candidates!.Select(c => c.ValidationGini));
        Assert.NotEqual(a.Clv.Metrics.Mae, b.Clv.Metrics.Mae);
        output.WriteLine($"candidate {a.Clv.Candidate}, scale {a.Clv.Scale:0.000}; test MAE {a.Clv.Metrics.Mae:0.00} vs {b.Clv.Metrics.Mae:0.00} with the test period inflated");
    }

    /// <summary>
    /// A profile whose postal codes, devices and channels are drawn at random says nothing about the future (every
    /// customer buys again about every 300 days, whatever their channel). The search with it happens to rank the validation
    /// period a little better (0.231 against 0.206), by less than the standard error of that lead, and the bundle leaves
    /// the profile's columns out.
    /// </summary>
    [Fact]
    public void ProfileColumnsThatDoNotHelpTheValidationPeriodAreLeftOut()
    {
        var (transactions, customers) = SeasonalBase.WriteWithProfile(_folder, customers: 1200, From, To, seed: 21, channelMatters: false);

        var card = new ModelTrainer(Seasonal(transactions, "noise", EvaluationMethod.RollingOrigin) with { CustomersPath = customers }).Run().Card;

        output.WriteLine(card.ProfileColumns!.Reason);
        Assert.False(card.ProfileColumns.Used);
        Assert.Contains(FeatureColumns.PostalCode, card.ProfileColumns.Columns);
        Assert.Contains("standard error of the difference", card.ProfileColumns.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(card.Features, f => FeatureCatalog.IsProfile(f.Name));
        Assert.DoesNotContain(card.Vector.Categorical, c => c.Column == FeatureColumns.PostalCode);
    }

    /// <summary>
    /// A third of the customers come through a channel where they buy again about every 120 days, the rest about every
    /// 2,000: a new customer's channel tells their future before their purchases do, and the trees keep the profile.
    /// </summary>
    [Fact]
    public void ProfileColumnsThatRankTheValidationPeriodBetterAreKept()
    {
        var (transactions, customers) = SeasonalBase.WriteWithProfile(_folder, customers: 1200, From, To, seed: 21, channelMatters: true);

        var card = new ModelTrainer(Seasonal(transactions, "signal", EvaluationMethod.RollingOrigin) with { CustomersPath = customers }).Run().Card;

        output.WriteLine(card.ProfileColumns!.Reason);
        Assert.True(card.ProfileColumns.Used);
        Assert.True(card.ProfileColumns.ValidationGiniWith > card.ProfileColumns.ValidationGiniWithout + 0.005);
        Assert.Contains(card.Features, f => f.Name == FeatureColumns.Channel);
        Assert.Contains(card.Vector.Categorical, c => c.Column == FeatureColumns.Channel);
    }

    /// <summary>
    /// Trees of one tiny stump cannot rank; the BTYD model of the same purchase histories can, and wins the validation
    /// period. The bundle then serves BTYD + Gamma-Gamma times the validation scale, explained by its own inputs.
    /// </summary>
    [Fact]
    public async Task WhenBtydWinsTheValidationPeriodTheBundleServesIt()
    {
        var path = SeasonalBase.Write(_folder, customers: 800, From, To, amplitude: 0, peakDayOfYear: 1, seed: 11);
        var options = Seasonal(path, "btyd", EvaluationMethod.RollingOrigin) with { Hyperparameters = new TreeHyperparameters(1, 2, 0.01, 500) };

        var result = new ModelTrainer(options).Run();
        var card = result.Card;

        Assert.Equal(ClvCandidates.Btyd, card.Clv!.Candidate);
        Assert.StartsWith("btyd-gamma-gamma had the highest validation normalized Gini", card.Clv.CandidateReason, StringComparison.Ordinal);
        Assert.Single(card.Clv.Candidates!, c => c.Shipped && c.Name == ClvCandidates.Btyd);
        var btydValidation = card.Clv.Candidates!.Single(c => c.Name == ClvCandidates.Btyd).ValidationGini;
        Assert.All(card.Clv.Candidates!, c => Assert.True(c.ValidationGini <= btydValidation));

        using var source = new ModelSource<ModelBundle>(new ModelSourceOptions { ModelsDirectory = options.ModelsDirectory, WatchForChanges = false }, ModelBundle.Load);
        await source.StartAsync();
        using var lease = source.Acquire();
        var bundle = lease.Bundle;
        var history = File.ReadLines(path).Skip(1).Select(l => l.Split(',')).Where(p => p[0] == "s00001")
            .Select(p => new Transaction("s00001", DateTime.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), double.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        var row = FeatureBuilder.Snapshot(null, history, card.Cutoff, bundle.FeatureOptions);
        var btyd = CustomerValue.Core.Btyd.BtydFeatureModel.FromParameters(card.Btyd!);

        var prediction = bundle.Predict(row, explain: true);
        output.WriteLine(string.Join(", ", card.Clv.Candidates!.Select(c => $"{c.Name} {c.ValidationGini:0.000}")));

        Assert.Equal(card.Clv.Scale * btyd.ExpectedSpend(row, card.HorizonDays), prediction.PredictedValue, 9);
        Assert.NotEmpty(prediction.Contributions);
        Assert.All(prediction.Contributions, c => Assert.Contains(c.Feature, ClvCandidates.Inputs(ClvCandidates.Btyd)));
    }

    /// <summary>
    /// A BTYD model needs no labels, so the one behind a row is fitted on the whole snapshot at that row's date: the shipped
    /// one on the history up to the data's end (the date serving scores as of), never on a snapshot a horizon older.
    /// </summary>
    [Fact]
    public void TheShippedBtydModelIsFittedOnTheHistoryUpToTheDataEnd()
    {
        var path = SeasonalBase.Write(_folder, customers: 500, From, To, amplitude: 0.3, peakDayOfYear: 120, seed: 7);
        var options = Seasonal(path, "pit", EvaluationMethod.RollingOrigin);
        var card = new ModelTrainer(options).Run().Card;
        var input = TrainingInput.Open(options);
        var end = input.LastDate!.Value;
        var features = new FeatureOptions { HorizonDays = options.HorizonDays };

        DerivedColumns FitAt(DateOnly date) =>
            DerivedColumns.Fit(FeatureBuilder.Build(input.Transactions(), null, date, features).Rows.Select(r => r.Features), options.BtydModel, options.HorizonDays);

        Assert.True(end > card.Cutoff);
        Assert.Equal(FitAt(end).Btyd!.Parameters.Transactions, card.Btyd!.Transactions);
        Assert.NotEqual(FitAt(card.Cutoff).Btyd!.Parameters.Transactions, card.Btyd.Transactions);
    }

    [Fact]
    public void EachRowsDerivedColumnsComeFromTheFitAtItsOwnDate()
    {
        var path = SeasonalBase.Write(_folder, customers: 300, From, To, amplitude: 0.3, peakDayOfYear: 120, seed: 9);
        var input = TrainingInput.Open(Seasonal(path, "unused", EvaluationMethod.RollingOrigin));
        var features = new FeatureOptions { HorizonDays = 91 };
        var olderSet = FeatureBuilder.Build(input.Transactions(), null, new DateOnly(2023, 6, 30), features);
        var older = olderSet.Rows;
        var newer = FeatureBuilder.Build(input.Transactions(), null, new DateOnly(2024, 6, 30), features).Rows;
        var pit = new PointInTimeColumns(CustomerValue.Core.Btyd.BtydModelKind.BgNbd, 91);
        var newerFit = pit.Fit(newer);
        var olderFit = pit.Fit(older);
        var unregistered = FeatureBuilder.Build(input.Transactions(), null, new DateOnly(2022, 6, 30), features).Rows;

        Assert.Same(olderFit, pit.For(older[0].Features, newerFit));
        Assert.Same(newerFit, pit.For(newer[0].Features, olderFit));
        Assert.Same(newerFit, pit.For(unregistered[0].Features, newerFit));
        Assert.NotEqual(olderFit.Btyd!.Parameters.Transactions, newerFit.Btyd!.Parameters.Transactions);
        // A stacked table is encoded row by row: the older rows' BTYD columns are the older fit's.
        var vectorizer = FeatureVectorizer.Fit([.. newer.Select(r => r.Features)], olderSet.Catalog, newerFit.Columns);
        var encoded = ModelTrainer.Encode(vectorizer, newerFit, [older[0]], pit);
        var row = new float[vectorizer.SlotCount];
        encoded.CopyRow(0, row);
        Assert.Equal(vectorizer.Vectorize(older[0].Features, olderFit.Derive(older[0].Features).Values), row);
    }
}
