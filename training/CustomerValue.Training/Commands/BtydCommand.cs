using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CustomerValue.Core.Btyd;
using CustomerValue.Core.Data;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;

namespace CustomerValue.Training.Commands;

/// <summary>
/// <c>cvml btyd</c>: fits BG/NBD, Pareto/NBD and/or MBG/NBD plus Gamma-Gamma on the calibration period of a
/// transactions file and, given an observation end, checks the predictions against the holdout. Exit codes:
/// 0 ok, 1 bad input, 2 (<see cref="ExitCodes.GateFailed"/>) a fit did not converge.
/// </summary>
public static class BtydCommand
{
    static readonly Option<string?> TransactionsOption = new("--transactions")
    {
        Description = "Transactions file (contract format unless --source says otherwise); defaults to the path in --source",
    };

    static readonly Option<string?> SourceOption = new("--source")
    {
        Description = "Source spec (JSON) mapping the transactions file onto the data contract",
    };

    static readonly Option<string?> CalibrationEndOption = new("--calibration-end")
    {
        Description = "Last day of the calibration period (yyyy-MM-dd); purchases on that day are calibration purchases. Needed with --transactions",
    };

    static readonly Option<string?> SummaryOption = new("--summary")
    {
        Description = "A customer summary table instead of transactions, as lifetimes, pymc-marketing or CLVTools write it: frequency (or x), recency (t_x), T, "
            + "optionally monetary_value (zbar) for Gamma-Gamma and frequency_holdout with duration_holdout for the holdout check; times in --time-unit",
    };

    static readonly Option<string?> PredictionsOption = new("--predictions")
    {
        Description = "Write each customer's P(alive), expected purchases and (with spend) expected spend and value over --horizon to this CSV file, per model fitted",
    };

    static readonly Option<double?> HorizonOption = new("--horizon")
    {
        Description = "For --predictions: the future period in --time-unit; defaults to the holdout's length, or a year without one",
    };

    static readonly Option<double?> DiscountRateOption = new("--discount-rate")
    {
        Description = "For --predictions with spend: a monthly discount rate (0.01 = 1 % a month, as lifetimes' customer_lifetime_value takes it); adds each model's discounted value, month by month over --horizon",
    };

    static readonly Option<string?> PatternsOption = new("--patterns")
    {
        Description = "BG/BB only: a pattern table with columns frequency, recency, periods and a count column (weights or count), as donations.csv",
    };

    static readonly Option<int?> PeriodDaysOption = new("--period-days")
    {
        Description = "BG/BB on a transactions file: the length of one transaction opportunity in days (365 for a yearly appeal)",
    };

    static readonly Option<string?> PeriodStartOption = new("--period-start")
    {
        Description = "BG/BB on a transactions file: the first day of the first period (yyyy-MM-dd); defaults to the earliest transaction day",
    };

    static readonly Option<int> FutureOpportunitiesOption = new("--future-opportunities")
    {
        Description = "BG/BB: how many future opportunities the expected transactions cover",
        DefaultValueFactory = _ => 5,
    };

    static readonly Option<string?> ObservationEndOption = new("--observation-end")
    {
        Description = "Last day of the holdout period (yyyy-MM-dd); compares predicted and actual holdout purchases",
    };

    static readonly Option<string> TimeUnitOption = new Option<string>("--time-unit")
    {
        Description = "Time unit of recency, age and every parameter: week, day or month (365.25/12 days)",
        DefaultValueFactory = _ => "week",
    }.AcceptOnlyFromAmong("week", "day", "month");

    static readonly Option<string> ModelOption = new Option<string>("--model")
    {
        Description = "Transaction model(s) to fit: the continuous-time ones (all = bgnbd, paretonbd, mbgnbd) or bgbb for discrete opportunities",
        DefaultValueFactory = _ => "all",
    }.AcceptOnlyFromAmong("bgnbd", "paretonbd", "mbgnbd", "all", "bgbb");

    static readonly Option<double> PenalizerOption = new("--penalizer")
    {
        Description = "L2 penalty on the transaction models' parameters (lifetimes' penalizer_coef); 0 = plain maximum likelihood",
    };

    static readonly Option<int> MaxIterationsOption = new("--max-iterations")
    {
        Description = "Optimizer iterations per fit before it gives up (a fit that stops there has not converged: exit code 2)",
        DefaultValueFactory = _ => BtydFitOptions.Default.MaxIterations,
    };

    static readonly Option<string> OnBadRowOption = new Option<string>("--on-bad-row")
    {
        Description = "fail: stop and list the errors; skip: fit on the rest and write rejected rows to <name>.rejected.csv",
        DefaultValueFactory = _ => "fail",
    }.AcceptOnlyFromAmong("fail", "skip");

    static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "Print one JSON object instead of text",
    };

    static readonly JsonSerializerOptions JsonOutput = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    static readonly Dictionary<string, BtydModelKind> ModelKeys = new()
    {
        ["bgnbd"] = BtydModelKind.BgNbd,
        ["paretonbd"] = BtydModelKind.ParetoNbd,
        ["mbgnbd"] = BtydModelKind.MbgNbd,
    };

    /// <summary>A transaction model's name in --model, the JSON output and the predictions' columns.</summary>
    internal static string Key(BtydModelKind kind) => ModelKeys.Single(k => k.Value == kind).Key;

    public static Command Create()
    {
        var command = new Command("btyd", "Fit BG/NBD, Pareto/NBD, MBG/NBD and Gamma-Gamma on a calibration period and check them on a holdout, or BG/BB on discrete opportunities")
        {
            TransactionsOption, SourceOption, QueryOptions.Transactions, SummaryOption, CalibrationEndOption, ObservationEndOption, TimeUnitOption,
            ModelOption, PenalizerOption, MaxIterationsOption, OnBadRowOption, JsonOption, PredictionsOption, HorizonOption, DiscountRateOption,
            PatternsOption, PeriodDaysOption, PeriodStartOption, FutureOpportunitiesOption,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(parseResult, cancellationToken)));
        return command;
    }

    static int Run(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var json = parseResult.GetValue(JsonOption);
        try
        {
            if (parseResult.GetValue(ModelOption) == "bgbb")
                return RunBgBb(parseResult, output, error, json);
            if (parseResult.GetValue(PatternsOption) is not null || parseResult.GetValue(PeriodDaysOption) is not null)
                throw new InputException("--patterns and --period-days are for --model bgbb");
            var penalizer = parseResult.GetValue(PenalizerOption);
            if (!(penalizer >= 0) || !double.IsFinite(penalizer))
                throw new InputException($"--penalizer must be a finite number ≥ 0 (got {penalizer.ToString(CultureInfo.InvariantCulture)})");
            var maxIterations = parseResult.GetValue(MaxIterationsOption);
            if (maxIterations < 1)
                throw new InputException($"--max-iterations must be at least 1 (got {maxIterations})");
            var unit = parseResult.GetValue(TimeUnitOption) switch { "day" => TimeUnit.Days, "month" => TimeUnit.Months, _ => TimeUnit.Weeks };
            var modelKey = parseResult.GetValue(ModelOption)!;
            var kinds = modelKey == "all" ? ModelKeys.Values.ToArray() : [ModelKeys[modelKey]];
            var options = new BtydFitOptions { Penalizer = penalizer, MaxIterations = maxIterations };
            var predictionsPath = parseResult.GetValue(PredictionsOption);
            var horizonOption = parseResult.GetValue(HorizonOption);
            if (horizonOption is { } h && !(h > 0 && double.IsFinite(h)))
                throw new InputException($"--horizon must be a number of {unit.Name()} above 0 (got {h.ToString(CultureInfo.InvariantCulture)})");
            if (horizonOption is not null && predictionsPath is null)
                throw new InputException("--horizon is the period of --predictions: give --predictions FILE too");
            var discountRate = parseResult.GetValue(DiscountRateOption);
            if (discountRate is { } rate && !(rate >= 0 && rate < 1))
                throw new InputException($"--discount-rate is a monthly rate from 0 up to 1, e.g. 0.01 for 1 % a month (got {rate.ToString(CultureInfo.InvariantCulture)})");
            if (discountRate is not null && predictionsPath is null)
                throw new InputException("--discount-rate discounts the value of --predictions: give --predictions FILE too");
            var input = parseResult.GetValue(SummaryOption) is { } summaryPath
                ? SummaryInput(parseResult, summaryPath, unit)
                : TransactionsInput(parseResult, unit);
            cancellationToken.ThrowIfCancellationRequested();

            var customers = input.Customers;
            var fits = new List<ModelFit>();
            foreach (var kind in kinds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var model = TransactionModels.Fit(kind, customers, unit, options);
                var holdout = input.Holdout is { } actual ? HoldoutComparison.Of(model, customers, actual, input.HoldoutLength) : null;
                fits.Add(new ModelFit(kind, model, holdout));
            }

            GammaGamma? spend = null;
            string? spendError = input.NoSpend;
            if (spendError is null)
                spend = FitSpend(customers, new BtydFitOptions { MaxIterations = maxIterations }, out spendError);
            if (json)
                output.WriteLine(JsonSerializer.Serialize(Describe(input, fits, spend, spendError), JsonOutput));
            else
                Print(output, input, fits, spend, spendError);

            var failed = fits.Where(f => !f.Model.Diagnostics.Converged).Select(f => f.Kind.DisplayName()).ToList();
            if (spend is { Diagnostics.Converged: false })
                failed.Add("Gamma-Gamma");
            if (predictionsPath is not null && failed.Count == 0)
            {
                var horizon = horizonOption ?? (input.Holdout is null ? 365.25 / unit.Days() : input.HoldoutLength);
                var withSpend = spend is { MeanSpendDefined: true };
                if (discountRate is not null && !withSpend)
                    error.WriteLine($"warning: --discount-rate needs the spend columns, and Gamma-Gamma {(spend is null ? "was not fitted" : "has no mean (q ≤ 1)")}: no discounted value written");
                BtydPredictions.Write(predictionsPath, input.CustomerIds, customers, fits.Select(f => f.Model).ToList(), withSpend ? spend : null, horizon,
                    withSpend && discountRate is { } monthly ? new MonthlyDiscount(monthly, unit) : null);
                var discounted = withSpend && discountRate is { } shown ? Invariant($"; values discounted at {shown:0.####} a month") : "";
                (json ? error : output).WriteLine(Invariant(
                    $"predictions: {predictionsPath}: {customers.Length} customers, over the next {horizon:0.##} {unit.Name()}{(withSpend ? "" : " (no spend columns: Gamma-Gamma " + (spend is null ? "not fitted" : "has no mean, q ≤ 1") + ")")}{discounted}"));
            }
            if (failed.Count == 0)
                return ExitCodes.Ok;
            error.WriteLine($"error: {string.Join(", ", failed)} did not converge; the estimates above are not maximum-likelihood estimates");
            if (predictionsPath is not null)
                error.WriteLine($"predictions: not written to {predictionsPath}, as they would come from estimates that are not maximum-likelihood ones");
            // r and alpha running away together: rates that barely vary, where the likelihood has no maximum (cvml train refits
            // such a model with this penalty by itself).
            if (options.Penalizer == 0 && fits.Any(f => !f.Model.Diagnostics.Converged && BtydFeatureModel.RanAway(f.Model)))
                error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"hint: r and alpha grew together without bound, so purchase rates barely vary between customers (a subscription billed monthly, say) and the likelihood has no maximum; --penalizer {BtydFeatureModel.RunawayPenalizer:G} keeps them finite"));
            return ExitCodes.GateFailed;
        }
        catch (DataLoadException e)
        {
            error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is SourceSpecException or InputException or IOException or InvalidDataException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>The customers of a summary table, as the file gives them; the holdout when it has one.</summary>
    static BtydInput SummaryInput(ParseResult parseResult, string path, TimeUnit unit)
    {
        var others = new (string Name, bool Given)[]
        {
            (TransactionsOption.Name, parseResult.GetValue(TransactionsOption) is not null),
            (SourceOption.Name, parseResult.GetValue(SourceOption) is not null),
            (QueryOptions.Transactions.Name, parseResult.GetValue(QueryOptions.Transactions) is not null),
            (CalibrationEndOption.Name, parseResult.GetValue(CalibrationEndOption) is not null),
            (ObservationEndOption.Name, parseResult.GetValue(ObservationEndOption) is not null),
        }.Where(o => o.Given).Select(o => o.Name).ToList();
        if (others.Count > 0)
            throw new InputException($"--summary is a summary of the calibration period already: leave out {string.Join(", ", others)}");
        var table = SummaryTableReader.ReadRepeatSummaries(path);
        var unitName = unit.Name();
        var lines = new List<string>
        {
            Invariant($"summary: {table.File}: {table.Customers.Length} customers, {table.RepeatCustomers} with repeat purchases, {table.Customers.Sum(c => c.Frequency + 1)} purchases (first and repeat); times read as {unitName} (--time-unit)"),
        };
        if (table.HoldoutLength is { } length)
            lines.Add(Invariant($"holdout: {length:0.##} {unitName}; {table.HoldoutPurchases!.Sum()} purchases by these customers"));
        var data = new Dictionary<string, object?>
        {
            ["customers"] = table.Customers.Length,
            ["repeatCustomers"] = table.RepeatCustomers,
            ["calibrationPurchaseDays"] = (int)table.Customers.Sum(c => c.Frequency + 1),
            ["holdoutPurchaseDays"] = table.HoldoutPurchases?.Sum(),
            ["spendColumn"] = table.SpendColumn,
        };
        return new BtydInput(table.CustomerIds, table.Customers, table.HoldoutPurchases, table.HoldoutLength ?? 0, lines, new Dictionary<string, object?>
        {
            ["file"] = table.File,
            ["timeUnit"] = unitName,
            ["holdoutLength"] = table.HoldoutLength,
            ["data"] = data,
        }, table.SpendColumn is null ? "the summary has no mean repeat spend (monetary_value or zbar)" : null);
    }

    /// <summary>The customers of a transactions file summarized at --calibration-end; the holdout up to --observation-end.</summary>
    static BtydInput TransactionsInput(ParseResult parseResult, TimeUnit unit)
    {
        var calibrationEnd = ParseDate(parseResult.GetValue(CalibrationEndOption)
            ?? throw new InputException("give --calibration-end (yyyy-MM-dd)"), "--calibration-end");
        var observationEnd = parseResult.GetValue(ObservationEndOption) is { } text ? ParseDate(text, "--observation-end") : (DateOnly?)null;
        if (observationEnd <= calibrationEnd)
            throw new InputException($"--observation-end {observationEnd:yyyy-MM-dd} must be after --calibration-end {calibrationEnd:yyyy-MM-dd}");

        var (_, stream) = OpenTransactions(parseResult, "give --transactions, --summary (or a --source spec that names its file)");

        var lastDate = DateOnly.MinValue;
        var rows = CalibrationSummary.Build(Track(stream), calibrationEnd, observationEnd ?? calibrationEnd, unit);
        if (rows.Count == 0)
            throw new InputException($"no customer has a purchase day on or before --calibration-end {calibrationEnd:yyyy-MM-dd}");

        var report = stream.Report!;
        var unitName = unit.Name();
        var repeatCustomers = rows.Count(r => r.Summary.Frequency > 0);
        var calibrationPurchaseDays = (int)rows.Sum(r => r.Summary.Frequency + 1);
        var holdoutPurchaseDays = rows.Sum(r => r.HoldoutPurchaseDays);
        var holdoutLength = observationEnd is { } end ? (end.DayNumber - calibrationEnd.DayNumber) / unit.Days() : 0;
        var truncated = observationEnd is { } last && lastDate < last;
        // Every customer's age runs to the calibration's end: days after the data's last are read as days nobody bought.
        var calibrationPastData = lastDate < calibrationEnd;
        var lines = new List<string>
        {
            Invariant($"transactions: {report.File}: {report.RowsLoaded} rows loaded, {report.RowsRejected} rejected"),
            Invariant($"calibration: through {calibrationEnd:yyyy-MM-dd}; {rows.Count} customers, {repeatCustomers} with repeat purchases, {calibrationPurchaseDays} purchase days; time unit {unitName}"),
        };
        if (calibrationPastData)
            lines.Add(Invariant($"warning: the data ends {lastDate:yyyy-MM-dd}, {calibrationEnd.DayNumber - lastDate.DayNumber} days before --calibration-end: every customer's age runs to it, so those days count as days nobody bought and P(alive) and the expected purchases run low; end the calibration at the data's last day or before"));
        if (observationEnd is { } holdoutEnd)
        {
            lines.Add(Invariant($"holdout: {calibrationEnd.AddDays(1):yyyy-MM-dd} .. {holdoutEnd:yyyy-MM-dd} = {holdoutLength:0.##} {unitName}; {holdoutPurchaseDays} purchase days by these customers"));
            if (truncated)
                lines.Add(Invariant($"warning: the data ends {lastDate:yyyy-MM-dd}, before --observation-end; actual holdout purchases are undercounted"));
        }
        var kept = CalibrationSummary.KeptShare(rows);
        if (kept < 1)
            lines.Add(Invariant($"returns: the customers kept {kept:0.0%} of what they bought on their calibration purchase days; Gamma-Gamma reads spend as paid per purchase, so the expected values below are before returns (cvml train's are net of them: its card's btyd.keptShare)"));
        var data = new Dictionary<string, object?>
        {
            ["rowsRead"] = report.RowsRead,
            ["rowsLoaded"] = report.RowsLoaded,
            ["rowsRejected"] = report.RowsRejected,
            ["lastDate"] = lastDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["customers"] = rows.Count,
            ["repeatCustomers"] = repeatCustomers,
            ["calibrationPurchaseDays"] = calibrationPurchaseDays,
            ["holdoutPurchaseDays"] = observationEnd is null ? null : holdoutPurchaseDays,
            ["holdoutTruncated"] = truncated,
            ["calibrationPastData"] = calibrationPastData,
        };
        if (kept < 1)
            data["keptShare"] = kept;
        var described = new Dictionary<string, object?>
        {
            ["file"] = report.File,
            ["timeUnit"] = unitName,
            ["calibrationEnd"] = calibrationEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["observationEnd"] = observationEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["holdoutLength"] = observationEnd is null ? null : holdoutLength,
            ["data"] = data,
        };
        return new BtydInput([.. rows.Select(r => r.CustomerId)], [.. rows.Select(r => r.Summary)],
            observationEnd is null ? null : [.. rows.Select(r => (double)r.HoldoutPurchaseDays)], holdoutLength, lines, described, null);

        IEnumerable<Transaction> Track(IEnumerable<Transaction> transactions)
        {
            foreach (var t in transactions)
            {
                var day = DateOnly.FromDateTime(t.Timestamp);
                if (day > lastDate)
                    lastDate = day;
                yield return t;
            }
        }
    }

    static int RunBgBb(ParseResult parseResult, TextWriter output, TextWriter error, bool json)
    {
        var future = parseResult.GetValue(FutureOpportunitiesOption);
        if (future < 1)
            throw new InputException($"--future-opportunities must be at least 1 (got {future})");
        var maxIterations = parseResult.GetValue(MaxIterationsOption);
        if (maxIterations < 1)
            throw new InputException($"--max-iterations must be at least 1 (got {maxIterations})");
        var input = parseResult.GetValue(PatternsOption) is { } patterns
            ? PatternInput(patterns)
            : EventLogInput(parseResult);
        var model = BgBbRun.Fit(input, new BtydFitOptions { Penalizer = parseResult.GetValue(PenalizerOption), MaxIterations = maxIterations });
        if (json)
            output.WriteLine(BgBbRun.Json(BgBbRun.Describe(input, model, future)));
        else
            BgBbRun.Print(output, input, model, future);
        if (model.Diagnostics.Converged)
            return ExitCodes.Ok;
        error.WriteLine("error: BG/BB did not converge; the estimates above are not maximum-likelihood estimates");
        return ExitCodes.GateFailed;
    }

    static BgBbRun.Input PatternInput(string path)
    {
        var (patterns, customers) = SummaryTableReader.ReadOpportunityPatterns(path);
        return new BgBbRun.Input(path, patterns, customers, []);
    }

    static BgBbRun.Input EventLogInput(ParseResult parseResult)
    {
        var periodDays = parseResult.GetValue(PeriodDaysOption)
            ?? throw new InputException("--model bgbb needs --patterns FILE, or a transactions file with --period-days N and --calibration-end");
        if (periodDays < 1)
            throw new InputException($"--period-days must be at least 1 (got {periodDays})");
        var calibrationEnd = ParseDate(parseResult.GetValue(CalibrationEndOption)
            ?? throw new InputException("--model bgbb on a transactions file needs --calibration-end"), "--calibration-end");
        var (path, stream) = OpenTransactions(parseResult, "give --patterns, --transactions or a --source spec that names its file");
        var transactions = stream.ToList();
        if (transactions.Count == 0)
            throw new InputException($"{SourceAddress.DisplayName(path)}: no transactions");
        var start = parseResult.GetValue(PeriodStartOption) is { } text
            ? ParseDate(text, "--period-start")
            : DateOnly.FromDateTime(transactions.Min(t => t.Timestamp));
        try
        {
            var summary = OpportunitySummary.Build(transactions, start, periodDays, calibrationEnd);
            return new BgBbRun.Input(path, summary.Patterns, summary.Customers,
            [
                Invariant($"periods of {periodDays} days from {start:yyyy-MM-dd}; transactions in one period count once"),
                Invariant($"{summary.CustomersWithoutOpportunity} customers first bought in the last complete period and have no opportunity yet; left out"),
                Invariant($"{summary.TransactionsAfterCalibration} transactions fall after the last complete period up to {calibrationEnd:yyyy-MM-dd}; left out"),
            ]);
        }
        catch (ArgumentException e)
        {
            throw new InputException(e.Message);
        }
    }

    /// <summary>The transactions of --transactions, of the --source spec's file or of --query, read with --on-bad-row.</summary>
    /// <param name="missing">What to say when no source is given.</param>
    static (string Path, TransactionStream Stream) OpenTransactions(ParseResult parseResult, string missing)
    {
        var specPath = parseResult.GetValue(SourceOption);
        var spec = SourceSpec.WithQuery(specPath is null ? null : SourceSpec.Load(specPath), FileKind.Transactions, parseResult.GetValue(QueryOptions.Transactions));
        if (spec is { Kind: not FileKind.Transactions })
            throw new InputException($"--source {specPath} describes a customers file; cvml btyd needs transactions");
        var path = parseResult.GetValue(TransactionsOption) ?? spec?.ResolvePath() ?? throw new InputException(missing);
        var policy = parseResult.GetValue(OnBadRowOption) == "skip" ? BadRowPolicy.Skip : BadRowPolicy.Fail;
        return (path, new TransactionLoader(spec, new LoadOptions { OnBadRow = policy }).Stream(path));
    }

    static GammaGamma? FitSpend(RepeatSummary[] customers, BtydFitOptions options, out string? reason)
    {
        try
        {
            reason = null;
            return GammaGamma.Fit(customers, options);
        }
        catch (ArgumentException e)
        {
            reason = e.Message;
            return null;
        }
    }

    static void Print(TextWriter output, BtydInput input, IReadOnlyList<ModelFit> fits, GammaGamma? spend, string? spendError)
    {
        foreach (var line in input.Lines)
            output.WriteLine(line);

        foreach (var fit in fits)
        {
            var model = fit.Model;
            var d = model.Diagnostics;
            output.WriteLine();
            output.WriteLine(Invariant($"{fit.Kind.DisplayName()}: {(d.Converged ? "converged" : "DID NOT CONVERGE")} after {d.Iterations} iterations in {d.Elapsed.TotalSeconds:0.000} s ({d.Rows} customers, {d.DistinctRows} distinct rows)"));
            if (!d.Converged)
                output.WriteLine($"  optimizer: {d.Message}");
            PrintParameters(output, model.Parameters, model.StandardErrors);
            output.WriteLine(Invariant($"  log-likelihood {model.LogLikelihood:0.00}"));
            foreach (var warning in d.Warnings)
                output.WriteLine($"  warning: {warning}");
            foreach (var note in model.Notes)
                output.WriteLine($"  note: {note}");
            if (fit.Holdout is { } h)
                PrintHoldout(output, h);
        }

        output.WriteLine();
        if (spend is null)
        {
            output.WriteLine($"Gamma-Gamma: not fitted: {spendError}");
            return;
        }

        var sd = spend.Diagnostics;
        output.WriteLine(Invariant($"Gamma-Gamma (spend per repeat purchase): {(sd.Converged ? "converged" : "DID NOT CONVERGE")} after {sd.Iterations} iterations in {sd.Elapsed.TotalSeconds:0.000} s"));
        output.WriteLine(Invariant($"  fitted on {spend.CustomersUsed} repeat customers; left out {spend.ExcludedWithoutRepeats} without repeat purchases and {spend.ExcludedNonPositiveSpend} with zero or negative mean repeat spend"));
        PrintParameters(output, spend.Parameters, spend.StandardErrors);
        output.WriteLine(Invariant($"  log-likelihood {spend.LogLikelihood:0.00}"));
        if (spend.MeanSpendDefined)
            output.WriteLine(Invariant($"  population mean spend per transaction p·γ/(q−1) = {spend.PopulationMeanSpend:0.00}"));
        if (double.IsFinite(spend.FrequencySpendCorrelation))
            output.WriteLine(Invariant($"  correlation of repeat purchases and mean repeat spend r = {spend.FrequencySpendCorrelation:0.000} (Gamma-Gamma assumes none; a warning from |r| ≥ {GammaGamma.CorrelationToWarn:0.0})"));
        foreach (var warning in sd.Warnings)
            output.WriteLine($"  warning: {warning}");
    }

    static void PrintParameters(TextWriter output, IReadOnlyDictionary<string, double> parameters, IReadOnlyDictionary<string, double> errors)
    {
        output.WriteLine($"  {"parameter",-10} {"estimate",12} {"std. error",12}");
        foreach (var (name, value) in parameters)
            output.WriteLine(Invariant($"  {name,-10} {value,12:0.0000} {errors.GetValueOrDefault(name, double.NaN),12:0.0000}"));
    }

    static void PrintHoldout(TextWriter output, HoldoutComparison h)
    {
        output.WriteLine(Invariant($"  holdout: actual {h.ActualTotal:0} repeat purchases, predicted {h.PredictedTotal:0.0} ({(h.PredictedTotal / h.ActualTotal - 1) * 100:+0.0;-0.0}%); per customer MAE {h.MeanAbsoluteError:0.0000}, RMSE {h.RootMeanSquaredError:0.0000}"));
        output.WriteLine($"  {"x",4} {"customers",10} {"actual",9} {"predicted",10}   (mean holdout purchases by calibration frequency)");
        foreach (var row in h.ByFrequency)
            output.WriteLine(Invariant($"  {row.Label,4} {row.Customers,10} {row.MeanActual,9:0.000} {row.MeanPredicted,10:0.000}"));
    }

    static Dictionary<string, object?> Describe(BtydInput input, IReadOnlyList<ModelFit> fits, GammaGamma? spend, string? spendError)
    {
        var models = new Dictionary<string, object?>();
        foreach (var fit in fits)
        {
            var model = fit.Model;
            models[Key(fit.Kind)] = new Dictionary<string, object?>
            {
                ["name"] = fit.Kind.DisplayName(),
                ["parameters"] = model.Parameters,
                ["standardErrors"] = Numbers(model.StandardErrors),
                ["logLikelihood"] = Number(model.LogLikelihood),
                ["fitSeconds"] = model.Diagnostics.Elapsed.TotalSeconds,
                ["converged"] = model.Diagnostics.Converged,
                ["iterations"] = model.Diagnostics.Iterations,
                ["optimizerMessage"] = model.Diagnostics.Message,
                ["distinctRows"] = model.Diagnostics.DistinctRows,
                ["warnings"] = model.Diagnostics.Warnings,
                ["notes"] = model.Notes,
                ["holdout"] = fit.Holdout is { } h ? Describe(h) : null,
            };
        }

        return new Dictionary<string, object?>(input.Described)
        {
            ["models"] = models,
            ["gammaGamma"] = spend is null ? new Dictionary<string, object?> { ["error"] = spendError } : Describe(spend),
        };
    }

    static Dictionary<string, object?> Describe(HoldoutComparison h) => new()
    {
        ["length"] = h.Length,
        ["customers"] = h.Customers,
        ["actual"] = h.ActualTotal,
        ["predicted"] = h.PredictedTotal,
        ["mae"] = h.MeanAbsoluteError,
        ["rmse"] = h.RootMeanSquaredError,
        ["byFrequency"] = h.ByFrequency.Select(row => new Dictionary<string, object?>
        {
            ["frequency"] = row.Label,
            ["customers"] = row.Customers,
            ["meanActual"] = Number(row.MeanActual),
            ["meanPredicted"] = Number(row.MeanPredicted),
        }),
    };

    static Dictionary<string, object?> Describe(GammaGamma spend) => new()
    {
        ["parameters"] = spend.Parameters,
        ["standardErrors"] = Numbers(spend.StandardErrors),
        ["logLikelihood"] = Number(spend.LogLikelihood),
        ["fitSeconds"] = spend.Diagnostics.Elapsed.TotalSeconds,
        ["converged"] = spend.Diagnostics.Converged,
        ["iterations"] = spend.Diagnostics.Iterations,
        ["customersUsed"] = spend.CustomersUsed,
        ["excludedWithoutRepeats"] = spend.ExcludedWithoutRepeats,
        ["excludedNonPositiveSpend"] = spend.ExcludedNonPositiveSpend,
        ["meanSpendDefined"] = spend.MeanSpendDefined,
        ["populationMeanSpend"] = spend.MeanSpendDefined ? spend.PopulationMeanSpend : null,
        ["frequencySpendCorrelation"] = Number(spend.FrequencySpendCorrelation),
        ["warnings"] = spend.Diagnostics.Warnings,
    };

    // JSON has no NaN: an undefined number is null.
    static double? Number(double value) => double.IsFinite(value) ? value : null;

    static Dictionary<string, double?> Numbers(IReadOnlyDictionary<string, double> values) =>
        values.ToDictionary(p => p.Key, p => Number(p.Value));

    static DateOnly ParseDate(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new InputException($"{option} '{text}' is not a date like 1997-09-30");

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    sealed record ModelFit(BtydModelKind Kind, ITransactionModel Model, HoldoutComparison? Holdout);

    /// <summary>What the models are fitted on, and how the output describes it.</summary>
    /// <param name="Holdout">Each customer's holdout purchases; null without a holdout.</param>
    /// <param name="Lines">The text output's lines before the models.</param>
    /// <param name="Described">The JSON output's members before the models.</param>
    /// <param name="NoSpend">Why Gamma-Gamma is not fitted, when the input has no spend; null to fit it.</param>
    sealed record BtydInput(string[] CustomerIds, RepeatSummary[] Customers, double[]? Holdout, double HoldoutLength, IReadOnlyList<string> Lines,
        IReadOnlyDictionary<string, object?> Described, string? NoSpend);

    sealed class InputException(string message) : Exception(message);
}
