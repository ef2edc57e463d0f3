using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CustomerValue.Core.Btyd;
using CustomerValue.Core.Data;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Evaluation;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Training.Commands;

/// <summary>
/// <c>cvml train</c>: features as of a cutoff, held-out evaluation against baselines, a versioned
/// bundle with model card and report, and champion / challenger promotion of <c>models/current</c>.
/// </summary>
public static class TrainCommand
{
    static readonly Option<string?> TransactionsOption = new("--transactions") { Description = "Transactions file (contract format unless --source says otherwise)" };
    static readonly Option<string?> CustomersOption = new("--customers") { Description = "Customers file; alone (without --transactions) it trains the churn classifier from its label" };
    static readonly Option<string?> SourceOption = new("--source") { Description = "Source spec (JSON) for the transactions file, or for the customers file when there are no transactions" };
    static readonly Option<string?> CustomersSourceOption = new("--customers-source") { Description = "Source spec (JSON) for the customers file" };
    static readonly Option<string?> CutoffOption = new("--cutoff") { Description = "Features as of this date (yyyy-MM-dd); default: last date in the data minus the horizon" };
    static readonly Option<int> HorizonOption = new("--horizon-days") { Description = "Days after the cutoff over which value and churn are predicted", DefaultValueFactory = _ => 365 };
    static readonly Option<int?> ChurnDaysOption = new("--churn-days") { Description = "Churned = no purchase within this many days after the cutoff (default: the horizon)" };
    static readonly Option<string> OutOption = new("--out") { Description = "Models folder: the bundle goes to <out>/<version>/, and <out>/current points to the promoted one", DefaultValueFactory = _ => "models" };
    static readonly Option<string> EvaluationOption = new Option<string>("--evaluation") { Description = "auto (rolling origin with a validation and a test period when the history allows, else out-of-time, else k-fold), rolling-origin, out-of-time (choices on customer folds) or k-fold", DefaultValueFactory = _ => "auto" }
        .AcceptOnlyFromAmong("auto", "rolling-origin", "out-of-time", "k-fold");
    static readonly Option<int> FoldsOption = new("--folds") { Description = "Folds for k-fold evaluation by customer", DefaultValueFactory = _ => 5 };
    static readonly Option<int> SnapshotsOption = new("--snapshots") { Description = "Out of time: monthly snapshots stacked into each fitted table (1 = one snapshot)", DefaultValueFactory = _ => 6 };
    static readonly Option<double> TimeBudgetOption = new("--time-budget") { Description = "Seconds the hyperparameter search may take (it always tries the defaults); on small data --max-trials ends it first, so runs repeat", DefaultValueFactory = _ => 300 };
    static readonly Option<int> MaxTrialsOption = new("--max-trials") { Description = "Hyperparameter settings tried at most", DefaultValueFactory = _ => 12 };
    static readonly Option<int?> TreesOption = new("--trees") { Description = "Fix the number of trees (skips the search; with --leaves, --learning-rate, --min-leaf)" };
    static readonly Option<int?> LeavesOption = new("--leaves") { Description = "Fix the number of leaves per tree" };
    static readonly Option<double?> LearningRateOption = new("--learning-rate") { Description = "Fix the learning rate" };
    static readonly Option<int?> MinLeafOption = new("--min-leaf") { Description = "Fix the minimum examples per leaf" };
    static readonly Option<bool> NoNestedSearchOption = new("--no-nested-search") { Description = "K-fold on small data: search once on the first fold's training rows instead of again inside every fold (faster, slightly flattering)" };
    static readonly Option<string> PromoteOption = new Option<string>("--promote") { Description = "auto: promote when not worse than the current model, or, when the two cannot be compared, when grade ≥ B (contract data: churn AUC above every baseline); always: promote anyway (the card says so)", DefaultValueFactory = _ => "auto" }
        .AcceptOnlyFromAmong("auto", "always");
    static readonly Option<double?> MinAucOption = new("--min-auc") { Description = "Quality gate: exit 2 (and do not promote) when the held-out churn AUC is below this" };
    static readonly Option<string?> MinGradeOption = new Option<string?>("--min-grade") { Description = "Quality gate: exit 2 (and do not promote) when the grade is worse than this (A, B or C)" }
        .AcceptOnlyFromAmong("A", "B", "C", "a", "b", "c");
    static readonly Option<string> OnBadRowOption = new Option<string>("--on-bad-row") { Description = "fail: stop and list the errors; skip: train on the rest and write rejected rows to a quarantine file", DefaultValueFactory = _ => "fail" }
        .AcceptOnlyFromAmong("fail", "skip");
    static readonly Option<string?> VersionOption = new("--version-name") { Description = "Name of the bundle folder (default: UTC time and data fingerprint)" };
    static readonly Option<int> SeedOption = new("--seed") { Description = "Seed of the folds, the search order and the learners", DefaultValueFactory = _ => 1 };
    static readonly Option<string> BtydOption = new Option<string>("--btyd-model") { Description = "BTYD model whose outputs (P(alive), expected purchases and spend) become features and a baseline: auto (BG/NBD or MBG/NBD, whichever has the lower purchase MAE before the test period), bgnbd, mbgnbd, paretonbd or none", DefaultValueFactory = _ => "auto" }
        .AcceptOnlyFromAmong("auto", "bgnbd", "mbgnbd", "paretonbd", "none");
    static readonly Option<string?> TruthOption = new("--truth") { Description = "truth.csv from cvml generate (for the evaluation cutoff): compares the models with the true expectations (the oracle)" };
    static readonly Option<string[]> KeepAttributeOption = new("--keep-attribute")
    {
        Description = "A customers-file attribute to read even when training takes it for a likely leak (a total of the whole history) or an identifier; repeat for several. The card's notes keep what was found",
        AllowMultipleArgumentsPerToken = false,
    };
    static readonly Option<bool> JsonOption = new("--json") { Description = "Print the model card summary as JSON" };

    /// <param name="clock">Where "today" comes from: rows dated after it are rejected as future dates.</param>
    public static Command Create(TimeProvider clock)
    {
        var command = new Command("train", "Train the CLV and churn models, evaluate them on held-out data against baselines, and write a versioned bundle")
        {
            TransactionsOption, CustomersOption, SourceOption, CustomersSourceOption, QueryOptions.Transactions, QueryOptions.Customers, CutoffOption, HorizonOption, ChurnDaysOption, OutOption,
            EvaluationOption, FoldsOption, SnapshotsOption, TimeBudgetOption, MaxTrialsOption, TreesOption, LeavesOption, LearningRateOption, MinLeafOption,
            NoNestedSearchOption, PromoteOption, MinAucOption, MinGradeOption, OnBadRowOption, VersionOption, SeedOption, BtydOption, TruthOption, KeepAttributeOption, JsonOption,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, clock, cancellationToken)));
        return command;
    }

    static int Run(ParseResult parse, TimeProvider clock, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var json = parse.GetValue(JsonOption);
        TrainingOptions options;
        try
        {
            options = Options(parse) with { Clock = clock };
        }
        catch (FormatException e)
        {
            error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }

        TrainingResult result;
        try
        {
            var progress = new Progress(json ? TextWriter.Null : output);
            result = new ModelTrainer(options, progress).Run(cancellationToken);
        }
        catch (Exception e) when (e is DataLoadException or SourceSpecException or InvalidDataException or ArgumentException or FileNotFoundException or DirectoryNotFoundException)
        {
            error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }

        if (json)
            output.WriteLine(JsonSerializer.Serialize(Summary(result), ModelCard.JsonOptions));
        else
            PrintSummary(output, result);
        return result.GateFailures.Count > 0 ? ExitCodes.GateFailed : ExitCodes.Ok;
    }

    static TrainingOptions Options(ParseResult parse)
    {
        var trees = OptionValues.AtLeast(parse, TreesOption, 1);
        var leaves = OptionValues.AtLeast(parse, LeavesOption, 2);
        var rate = parse.GetValue(LearningRateOption);
        if (rate is { } given && !(double.IsFinite(given) && given > 0))
            throw new FormatException(Invariant($"--learning-rate: must be a number above 0 (got {given})."));
        var auc = parse.GetValue(MinAucOption);
        if (auc is { } gate && !(gate >= 0 && gate <= 1))
            throw new FormatException(Invariant($"--min-auc: must be an AUC from 0 to 1 (got {gate})."));
        var minLeaf = OptionValues.AtLeast(parse, MinLeafOption, 1);
        TreeHyperparameters? fixedHp = trees is null && leaves is null && rate is null && minLeaf is null
            ? null
            : new TreeHyperparameters(
                trees ?? TreeHyperparameters.Default.NumberOfTrees,
                leaves ?? TreeHyperparameters.Default.NumberOfLeaves,
                rate ?? TreeHyperparameters.Default.LearningRate,
                minLeaf ?? TreeHyperparameters.Default.MinimumExampleCountPerLeaf);
        return new TrainingOptions
        {
            TransactionsPath = parse.GetValue(TransactionsOption),
            CustomersPath = parse.GetValue(CustomersOption),
            SourceSpecPath = parse.GetValue(SourceOption),
            CustomersSourceSpecPath = parse.GetValue(CustomersSourceOption),
            TransactionsQuery = parse.GetValue(QueryOptions.Transactions),
            CustomersQuery = parse.GetValue(QueryOptions.Customers),
            ModelsDirectory = parse.GetValue(OutOption)!,
            Cutoff = parse.GetValue(CutoffOption) is { } cutoff ? ParseDate(cutoff, "--cutoff") : null,
            HorizonDays = OptionValues.AtLeast(parse, HorizonOption, 1),
            ChurnDays = OptionValues.AtLeast(parse, ChurnDaysOption, 1),
            Evaluation = parse.GetValue(EvaluationOption) switch
            {
                "rolling-origin" => EvaluationMethod.RollingOrigin,
                "out-of-time" => EvaluationMethod.OutOfTime,
                "k-fold" => EvaluationMethod.KFold,
                _ => EvaluationMethod.Auto,
            },
            Folds = OptionValues.AtLeast(parse, FoldsOption, 2),
            Snapshots = OptionValues.AtLeast(parse, SnapshotsOption, 1),
            SearchBudget = parse.GetValue(TimeBudgetOption) is var budget && double.IsFinite(budget) && budget >= 0 && budget <= TimeSpan.MaxValue.TotalSeconds
                ? TimeSpan.FromSeconds(budget) : throw new FormatException(Invariant($"--time-budget: must be a number of seconds, 0 or more (got {budget}).")),
            MaximumTrials = OptionValues.AtLeast(parse, MaxTrialsOption, 1),
            Hyperparameters = fixedHp,
            NestedSearch = !parse.GetValue(NoNestedSearchOption),
            Promote = parse.GetValue(PromoteOption) == "always" ? PromotionPolicy.Always : PromotionPolicy.Auto,
            MinimumAuc = auc,
            MinimumGrade = parse.GetValue(MinGradeOption),
            OnBadRow = parse.GetValue(OnBadRowOption) == "skip" ? BadRowPolicy.Skip : BadRowPolicy.Fail,
            Version = parse.GetValue(VersionOption),
            Seed = parse.GetValue(SeedOption),
            TruthPath = parse.GetValue(TruthOption),
            KeepAttributes = parse.GetValue(KeepAttributeOption) ?? [],
            BtydModel = parse.GetValue(BtydOption) switch
            {
                "mbgnbd" => BtydModelKind.MbgNbd,
                "paretonbd" => BtydModelKind.ParetoNbd,
                "none" => null,
                _ => BtydModelKind.BgNbd,
            },
            ChooseBtydModel = parse.GetValue(BtydOption) == "auto",
        };
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    static DateOnly ParseDate(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new FormatException($"{option}: '{text}' is not a date (expected yyyy-MM-dd).");

    static object Summary(TrainingResult result)
    {
        var card = result.Card;
        return new
        {
            card.Version,
            BundlePath = result.BundlePath,
            result.Promoted,
            PromotionReason = card.Champion?.Reason,
            result.GateFailures,
            card.Grade,
            card.GradeReason,
            card.Cutoff,
            card.HorizonDays,
            card.Data.RowsAfterCutoff,
            Evaluation = card.Evaluation.Method,
            card.Notes,
            Clv = card.Clv is { } clv
                ? new { clv.Candidate, clv.CandidateReason, clv.Scale, clv.Candidates, clv.TestTotalsByMonth, clv.MonthSpread, clv.Objective, clv.Metrics.NormalizedGini, clv.Metrics.Mae, clv.Metrics.Rmse, clv.Metrics.RSquared, clv.Metrics.Spearman, clv.Metrics.SumError, IntervalCoverage = clv.Interval.Coverage }
                : null,
            Orders = card.Orders is { } orders ? new { orders.Scale, orders.Metrics.Mae, orders.Metrics.Rmse, orders.Metrics.SumError } : null,
            Churn = new { card.Churn.Metrics.Auc, card.Churn.Metrics.AveragePrecision, card.Churn.Metrics.LogLoss, card.Churn.Metrics.Brier, card.Churn.FoldAuc },
            card.Baselines,
            card.ChurnBaselines,
            ColdStart = card.ColdStart?.Decision,
            card.Hybrid,
            card.NextOrder,
            card.Truth,
            card.Forecast,
            Seconds = result.Elapsed.TotalSeconds,
        };
    }

    static void PrintSummary(TextWriter output, TrainingResult result)
    {
        var card = result.Card;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"bundle   {result.BundlePath}"));
        output.WriteLine(string.Create(inv, $"grade    {card.Grade}: {card.GradeReason}"));
        output.WriteLine(string.Create(inv, $"eval     {card.Evaluation.Description}"));
        output.WriteLine(DataLine(card));
        // The card's other notes are warnings (labels cut short by the data's end, totals scaled in another season):
        // a summary without them reads as a clean run.
        foreach (var note in card.Warnings())
            output.WriteLine($"note     {note.Replace("\n", "\n         ", StringComparison.Ordinal)}");
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"{"model",-22} {"Gini",8} {"MAE",10} {"RMSE",10} {"AUC",7}"));
        if (card.Clv is { } clv)
        {
            output.WriteLine(string.Create(inv, $"{$"CLV ({clv.Candidate})",-22} {clv.Metrics.NormalizedGini,8:0.000} {clv.Metrics.Mae,10:0.00} {clv.Metrics.Rmse,10:0.00} {"",7}"));
            foreach (var b in card.Baselines)
                output.WriteLine(string.Create(inv, $"{b.Name,-22} {b.NormalizedGini,8:0.000} {b.Mae,10:0.00} {b.Rmse,10:0.00} {"",7}"));
        }
        output.WriteLine(string.Create(inv, $"{"churn model",-22} {2 * card.Churn.Metrics.Auc - 1,8:0.000} {"",10} {"",10} {card.Churn.Metrics.Auc,7:0.000}"));
        foreach (var b in card.ChurnBaselines)
            output.WriteLine(string.Create(inv, $"{b.Name,-22} {b.NormalizedGini,8:0.000} {"",10} {"",10} {b.Auc,7:0.000}"));
        if (card.Churn.FoldAuc is { } folds)
            output.WriteLine(string.Create(inv, $"churn AUC per fold: {FoldAuc.Describe(folds)}, pooled {card.Churn.Metrics.Auc:0.0000})"));
        if (card.Clv is { } c)
            // Far above the nominal 80 %, the usual reason is customers who spend exactly 0, whom a band starting at 0 holds.
            output.WriteLine(string.Create(inv, $"interval coverage [P10, P90]: {c.Interval.Coverage:P1} (80 % nominal")
                + (c.Interval.Coverage > 0.9 ? "; it runs higher where many customers spend exactly 0 in the horizon, as a band from 0 always holds them" : "")
                + string.Create(inv, $"); summed prediction error {c.Metrics.SumError:P1}")
                + (c.Interval.CoverageByDecile is { Count: > 0 } deciles ? Environment.NewLine + "  by decile of predicted value, lowest first: " + DecileLine(deciles) : ""));
        if (card.Clv is { Candidates: { Count: > 0 } candidates } shipped)
        {
            output.WriteLine(string.Create(inv, $"shipped: {shipped.Candidate}: {shipped.CandidateReason}; scale {shipped.Scale:0.000} ({Brief(shipped.ScaleReason)})"));
            output.WriteLine(string.Create(inv, $"{"candidate",-22} {"valid Gini",10} {"test Gini",10} {"test total",11}"));
            foreach (var r in candidates)
                output.WriteLine(string.Create(inv, $"{r.Name + (r.Shipped ? " *" : ""),-22} {r.ValidationGini,10:0.000} {r.TestGini,10:0.000} {r.TestTotalError,11:+0.0%;-0.0%;0.0%}"));
            output.WriteLine(CandidateResult.TestTotalBasis);
        }
        if (card.Clv?.TestTotalsByMonth is { } months)
            output.WriteLine(string.Create(inv, $"test totals by month (error): {string.Join(", ", months.Select(m => double.IsFinite(m.Error) ? $"{Month(m)} {m.Error:+0.0%;-0.0%;0.0%}" : $"{Month(m)} no actual spend (predicted {m.Predicted:N0})"))}"));
        if (card.Clv?.MonthSpread is { } spread)
            output.WriteLine($"months: {spread.Reason}");
        if (card.Truth is { } t)
            output.WriteLine(string.Create(inv, $"against the truth ({t.Rows:N0} held-out customers): R² model {t.ModelR2:0.000} vs oracle {t.OracleR2:0.000} (model vs true expectation {t.ModelR2AgainstTruth:0.000}); Gini {t.ModelGini:0.000} vs {t.OracleGini:0.000}; churn AUC {t.ModelAuc:0.000} vs {t.OracleAuc:0.000}"));
        if (card.Hybrid is { } h)
        {
            var shown = ModelGrading.ShowApart(h.HybridGini, h.PureMlGini, h.PureBtydGini ?? double.NaN);
            output.WriteLine($"hybrid: Gini {shown[0]} vs pure ML {shown[1]} vs pure BTYD {(h.PureBtydGini is null ? "" : shown[2])}; {h.Verdict}");
        }
        if (card.NextOrder is { } next)
            output.WriteLine(NextOrderLine(next, card.NextOrderMethod));
        if (card.NextOrderReason is { } nextOrderReason)
            output.WriteLine($"next order dates: {nextOrderReason}");
        if (card.BtydReason is { } btydReason)
            output.WriteLine($"btyd model: {btydReason}");
        if (card.Btyd?.KeptShareNote() is { } returns)
            output.WriteLine($"returns: {returns}");
        if (card.Btyd?.FrequencySpendCorrelation is { } correlation && Math.Abs(correlation) >= GammaGamma.CorrelationToWarn)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warning: Gamma-Gamma: repeat purchases and mean repeat spend are correlated (r = {correlation:0.00}); it assumes they are not, so the expected spend of BTYD + Gamma-Gamma is {(correlation > 0 ? "low" : "high")} for frequent buyers (card: btyd.frequencySpendCorrelation)"));
        if (card.Clv?.DormancyReason is { } dormancy && ClvCandidates.UsesTrees(card.Clv.Candidate))
            output.WriteLine($"long away: {dormancy}");
        if (card.Churn.DormancyReason is { } churnDormancy && !card.IsContract)
            output.WriteLine($"long away, churn: {churnDormancy}");
        if (card.ProfileColumns is { } profile)
            output.WriteLine($"profile columns: {profile.Reason}");
        if (card.Orders is { } o)
            output.WriteLine(OrdersLine(o));
        if (card.ColdStart is { } cold)
            output.WriteLine($"new customers: {cold.Decision}");
        if (card.Recurring is { } recurring)
            output.WriteLine($"value: {recurring.Reading}");
        if (card.Forecast is { } forecast)
        {
            output.WriteLine($"forecast: {forecast.Reading}");
            if (forecast.ByMonth is { } byMonth)
                output.WriteLine(string.Create(inv, $"forecast by month: {string.Join(", ", byMonth.Select(m => string.Create(inv, $"{Month(m.From, m.To)} {m.PredictedValue:N2}")))}"));
        }
        output.WriteLine(result.Promoted
            ? $"promoted: models/current → {card.Version} ({card.Champion?.Reason})"
            : $"NOT promoted: {card.Champion?.Reason}");
        output.WriteLine(string.Create(inv, $"done in {result.Elapsed.TotalSeconds:0.0} s"));
    }

    /// <summary>Coverage per decile as whole percentages: "99 98 … 71 %".</summary>
    internal static string DecileLine(IReadOnlyList<double> deciles) =>
        string.Join(" ", deciles.Select(d => (d * 100).ToString("0", CultureInfo.InvariantCulture))) + " %";

    /// <summary>Longest reason printed whole; the card and report.md keep every reason whole.</summary>
    internal const int BriefLength = 240;

    /// <summary>
    /// A reason as the summary prints it: whole up to <see cref="BriefLength"/> characters, else cut at the last clause
    /// break before that with a pointer to the report. An anchored scale's reason lists every origin's ratio of every
    /// rule (over 1,000 characters), which the report lays out and a terminal wraps into a wall.
    /// </summary>
    internal static string? Brief(string? reason)
    {
        if (reason is null || reason.Length <= BriefLength)
            return reason;
        int cut = new[] { "; ", ": ", ", ", " (" }.Max(mark => reason.LastIndexOf(mark, BriefLength, StringComparison.Ordinal));
        return (cut > 0 ? reason[..cut] : reason[..BriefLength]) + " … (the whole reasoning: report.md, or clv.scaleReason in the card)";
    }

    /// <summary>
    /// Rows per input: a customers file's rows summed with the transactions' read as a transaction count (Olist:
    /// "195,526 rows loaded" for 100,830 transactions and 94,696 customers).
    /// </summary>
    internal static string DataLine(ModelCard card)
    {
        var inv = CultureInfo.InvariantCulture;
        var inputs = string.Join(" and ", card.Data.Inputs.Select(i => string.Create(inv, $"{i.Rows:N0} {i.Role} rows")));
        return string.Create(inv, $"data     {inputs} read, {card.Data.RowsRejected:N0} rejected")
            + (card.Data.RowsExcluded > 0 ? string.Create(inv, $", {card.Data.RowsExcluded:N0} left out by the spec's {(card.SourceSpec is { } spec ? LoadReport.LeftOutByOf(SourceSpec.Parse(spec, "the model card's source spec")) : "\"exclude\"")}") : "")
            // Contract data has no transactions to date.
            + (card.Data.Inputs.Any(i => i.Role == "transactions")
                ? string.Create(inv, $"; {card.Data.RowsAfterCutoff:N0} transactions dated after the cutoff {card.Cutoff:yyyy-MM-dd} give the labels only")
                : "");
    }

    /// <summary>
    /// A part of the horizon by its month when it is the whole calendar month, otherwise by its dates: the horizon's first
    /// and last parts are often a few weeks (a cutoff on 10 September leaves 20 days of it), and an error labelled
    /// "2024-12" over 9 days of December read as the month's.
    /// </summary>
    internal static string Month(PeriodTotal part) => Month(part.From, part.To);

    static string Month(DateOnly from, DateOnly to) =>
        from.Day == 1 && to == new DateOnly(from.Year, from.Month, 1).AddMonths(1).AddDays(-1)
            ? from.ToString("yyyy-MM", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{from:yyyy-MM-dd}..{to:yyyy-MM-dd}");

    /// <summary>The next-order check; a share of no customers is left out rather than printed as NaN.</summary>
    /// <param name="method">The card's <see cref="ModelCard.NextOrderMethod"/>: dated by each customer's rhythm, a regular
    /// customer's date falls within a day or so of the order, and a day either way moves the share ordered by it from near
    /// 0 to near 1, so 50 % is not what to expect of it.</param>
    internal static string NextOrderLine(NextOrderCalibration next, string? method = null)
    {
        var inv = CultureInfo.InvariantCulture;
        var expected = method == NextOrderTiming.Rhythm ? "dated by each customer's rhythm: for regular customers the days between date and order are the measure" : "50 % expected";
        return string.Create(inv, $"expected next order date: {next.CustomersWithDate:N0} held-out customers got one")
            + (next.CustomersWithDate > 0 ? string.Create(inv, $", {next.ShareOrderedByDate:P1} ordered by it ({expected})") : "")
            + string.Create(inv, $"; {next.CustomersWithoutDate:N0} got none")
            + (next.CustomersWithoutDate > 0 ? string.Create(inv, $", {next.ShareWithoutDateOrderedInHorizon:P1} of them ordered within the horizon") : "")
            + (next.MeanDaysOff is { } off ? string.Create(inv, $"; {off:0.0} days between date and order on average (both capped at the horizon)") : "");
    }

    /// <summary>The purchases model; without a BTYD model on every held-out split there is no BTYD MAE to show beside it.</summary>
    internal static string OrdersLine(OrdersModelCard orders)
    {
        var inv = CultureInfo.InvariantCulture;
        return string.Create(inv, $"purchases over the horizon ({orders.Candidate}, scale {orders.Scale:0.000}): MAE {orders.Metrics.Mae:0.000}")
            + (orders.BtydMae is { } btydMae ? string.Create(inv, $" (BTYD {btydMae:0.000})") : "")
            + string.Create(inv, $", RMSE {orders.Metrics.Rmse:0.000}")
            + (orders.BtydRmse is { } btydRmse ? string.Create(inv, $" (BTYD {btydRmse:0.000})") : "")
            + string.Create(inv, $", summed prediction error {orders.Metrics.SumError:P1}")
            + (orders.BtydSumError is { } btydSum ? string.Create(inv, $" (BTYD {btydSum:P1})") : "")
            + (OrdersTradeOff(orders) is { } tradeOff ? "; " + tradeOff : "");
    }

    /// <summary>
    /// Why a model whose total is closer than BTYD's can have the higher MAE: said when it does, with the MAE of predicting no
    /// purchase for anyone, so that MAE is read beside the total rather than alone.
    /// </summary>
    internal static string? OrdersTradeOff(OrdersModelCard orders) =>
        orders is { BtydMae: { } btydMae, BtydSumError: { } btydSum, NoPurchaseMae: { } none, NoPurchaseShare: { } share }
        && orders.Metrics.Mae > btydMae && Math.Abs(orders.Metrics.SumError) < Math.Abs(btydSum)
            ? string.Create(CultureInfo.InvariantCulture,
                $"{share:P0} of the held-out customers bought nothing over the horizon, and absolute error favours predictions below the mean there (no purchase for anyone: MAE {none:0.000}): the total set right costs MAE")
            : null;

    /// <summary>Plain progress lines: they read the same in a terminal and in a redirected log.</summary>
    sealed class Progress(TextWriter output) : IProgress<TrainingProgress>
    {
        readonly DateTime _started = DateTime.UtcNow;
        int _step;

        public void Report(TrainingProgress value) =>
            output.WriteLine(value.Detail
                // Within a stage: indented under it, with the time, so a long search says what it is doing.
                ? string.Create(CultureInfo.InvariantCulture, $"      {(DateTime.UtcNow - _started).TotalSeconds,6:0.0}s  {value.Description}")
                : string.Create(CultureInfo.InvariantCulture,
                    $"[{++_step}/{Enum.GetValues<TrainingStage>().Length} {(DateTime.UtcNow - _started).TotalSeconds,6:0.0}s] {value.Description}"));
    }
}
