using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CustomerValue.Core.Data;
using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Monitoring;
using CustomerValue.Core.Scoring;
using CustomerValue.Core.Serving;
using CustomerValue.Modeling.Monitoring;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Training.Commands;

/// <summary>
/// <c>cvml drift</c>: how far a customer base has moved from the customers a model was trained up to, per input and per
/// prediction, without writing anything to a store. Exits 2 when a column reaches the 'act' threshold.
/// </summary>
public static class DriftCommand
{
    static readonly Option<string> ModelOption = new("--model") { Description = "A model bundle folder, a models folder, or its 'current' pointer file", DefaultValueFactory = _ => "models/current" };
    static readonly Option<string?> TransactionsOption = new("--transactions") { Description = "Transactions file of the base to check" };
    static readonly Option<string?> CustomersOption = new("--customers") { Description = "Customers file: profiles, and customers who have not ordered yet" };
    static readonly Option<string?> SourceOption = new("--source") { Description = "Source spec (JSON) for the transactions file" };
    static readonly Option<string?> CustomersSourceOption = new("--customers-source") { Description = "Source spec (JSON) for the customers file" };
    static readonly Option<string?> AsOfOption = new("--as-of") { Description = "Features as of the end of this date (yyyy-MM-dd); default: the last date in the transactions" };
    static readonly Option<bool> JsonOption = new("--json") { Description = "Print the whole report, every bin of every column, as JSON" };
    static readonly Option<bool> WriteBaselineOption = new("--write-baseline")
    {
        Description = "Record the drift baseline of a bundle trained without one, from the very files it was trained on (checked against the card's SHA-256), or the same queries giving the same row counts, as of the transactions' last date",
    };

    /// <param name="clock">Where "today" comes from: rows dated after it are rejected as future dates.</param>
    public static Command Create(TimeProvider clock)
    {
        var command = new Command("drift", "Compare a customer base with the customers as of the data's end when a model was trained: PSI and unseen categories per input and prediction")
        {
            ModelOption, TransactionsOption, CustomersOption, SourceOption, CustomersSourceOption, QueryOptions.Transactions, QueryOptions.Customers, AsOfOption,
            DriftOutput.WatchOption, DriftOutput.ActOption, DriftOutput.TopOption, JsonOption, WriteBaselineOption,
        };
        command.SetAction((parse, _) => Task.FromResult(Run(parse, clock)));
        return command;
    }

    static int Run(ParseResult parse, TimeProvider clock)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var thresholds = DriftOutput.Thresholds(parse);
            var top = DriftOutput.Top(parse);
            var bundlePath = ModelPointer.ResolveBundle(parse.GetValue(ModelOption)!);
            if (parse.GetValue(WriteBaselineOption))
                return WriteBaseline(parse, bundlePath, clock, output);
            using var model = ModelFolder.Load(bundlePath, ModelBundle.Load);
            if (model.Bundle.Drift is not { } binner)
            {
                error.WriteLine($"{bundlePath}: {DriftOutput.NoBaseline["drift    ".Length..]}.");
                return ExitCodes.BadInput;
            }
            var input = ScoringInput.Load(new ScoringSources
            {
                TransactionsPath = parse.GetValue(TransactionsOption),
                CustomersPath = parse.GetValue(CustomersOption),
                SourceSpecPath = parse.GetValue(SourceOption),
                CustomersSourceSpecPath = parse.GetValue(CustomersSourceOption),
                TransactionsQuery = parse.GetValue(QueryOptions.Transactions),
                CustomersQuery = parse.GetValue(QueryOptions.Customers),
                AsOf = parse.GetValue(AsOfOption) is { } asOf ? ParseDate(asOf) : null,
                Clock = clock,
            }, model.Bundle.FeatureOptions, model.Bundle.Card.IsContract);

            var report = Measure(model.Bundle, binner, input, thresholds);
            if (parse.GetValue(JsonOption))
                output.WriteLine(JsonSerializer.Serialize(report, DriftJson.Default.DriftReport));
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"model    {model.Info.Version}; {report.Rows:N0} customers as of {input.AsOf:yyyy-MM-dd}"));
                DriftOutput.Print(output, report, top);
            }
            return report.Level == DriftLevel.Act ? ExitCodes.GateFailed : ExitCodes.Ok;
        }
        catch (Exception e) when (e is DataLoadException or SourceSpecException or InvalidDataException or ArgumentException
            or FormatException or FileNotFoundException or DirectoryNotFoundException)
        {
            error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
    }

    /// <summary>
    /// Rebuilds the customers as of the transactions' last date (from the files whose SHA-256 the card records), the ones
    /// serving starts from, and writes the baseline training would have written: same rows, same models, same bins.
    /// </summary>
    static int WriteBaseline(ParseResult parse, string bundlePath, TimeProvider clock, TextWriter output)
    {
        var baselinePath = Path.Combine(bundlePath, DriftBaseline.FileName);
        if (File.Exists(baselinePath))
            throw new ArgumentException($"{baselinePath} already exists: the bundle has its baseline.");
        if (parse.GetValue(AsOfOption) is not null)
            throw new ArgumentException("--write-baseline takes the customers as of the transactions' last date, as training does; leave out --as-of.");
        var cardPath = Path.Combine(bundlePath, ModelCard.FileName);
        var card = ModelCard.FromJson(File.ReadAllText(cardPath), cardPath);
        var transactions = parse.GetValue(TransactionsOption) ?? throw new ArgumentException("--write-baseline needs --transactions: the file the bundle was trained on.");
        var customers = parse.GetValue(CustomersOption);
        var sources = new[]
        {
            (Role: "transactions", Path: transactions, Option: "--transactions",
                Query: QueryOf(parse.GetValue(SourceOption), FileKind.Transactions, parse.GetValue(QueryOptions.Transactions))),
            (Role: "customers", Path: customers, Option: "--customers",
                Query: QueryOf(parse.GetValue(CustomersSourceOption), FileKind.Customers, parse.GetValue(QueryOptions.Customers))),
        };
        foreach (var (role, path, option, query) in sources)
        {
            var trained = card.Data.Inputs.FirstOrDefault(i => i.Role == role);
            if (trained is null && path is null)
                continue;
            if (trained is null)
                throw new ArgumentException($"{option}: the bundle was trained without a {role} file.");
            if (path is null)
                throw new ArgumentException($"{option}: the bundle was trained on {trained.Name} as its {role} file; give it.");
            // A query's fingerprint includes its row count, known only once it has run (below).
            if (!SourceAddress.IsPostgres(path))
                CheckTrainedOn(trained, TrainingInput.Fingerprint(role, path, query, rows: 0), option, path);
        }
        var input = ScoringInput.Load(new ScoringSources
        {
            TransactionsPath = transactions,
            CustomersPath = customers,
            SourceSpecPath = parse.GetValue(SourceOption),
            CustomersSourceSpecPath = parse.GetValue(CustomersSourceOption),
            TransactionsQuery = parse.GetValue(QueryOptions.Transactions),
            CustomersQuery = parse.GetValue(QueryOptions.Customers),
            Clock = clock,
        }, FeatureOptionsOf(bundlePath));
        foreach (var (role, path, option, query) in sources)
        {
            var rows = role == "transactions" ? input.TransactionReport?.RowsRead ?? 0 : input.CustomerReport?.RowsRead ?? 0;
            if (path is not null && SourceAddress.IsPostgres(path) && card.Data.Inputs.FirstOrDefault(i => i.Role == role) is { } trained)
                CheckTrainedOn(trained, TrainingInput.Fingerprint(role, path, query, rows), option, path);
        }
        var baseline = DriftBaselineBuilder.Write(bundlePath, [.. input.Features.Rows.Select(r => r.Features)]);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {baselinePath}: {baseline.Rows:N0} customers as of {baseline.AsOf:yyyy-MM-dd}, {baseline.Inputs.Count} inputs, {baseline.Predictions.Count} predictions"));
        return ExitCodes.Ok;
    }

    static void CheckTrainedOn(InputFile trained, InputFile given, string option, string path)
    {
        if (given.Sha256 != trained.Sha256)
            throw new ArgumentException(SourceAddress.IsPostgres(path)
                ? $"{option}: {given.Name} with this query gave {given.Rows:N0} rows, not the {trained.Role} the bundle was trained on ({trained.Name}, {trained.Rows:N0} rows, SHA-256 {trained.Sha256[..12]}…)."
                : $"{option}: {path} is not the {trained.Role} file the bundle was trained on ({trained.Name}, SHA-256 {trained.Sha256[..12]}…).");
    }

    /// <summary>The query a source is read with: the command line's, else its spec's own.</summary>
    static string? QueryOf(string? specPath, FileKind kind, string? query) =>
        SourceSpec.WithQuery(specPath is null ? null : SourceSpec.Load(specPath, kind), kind, query)?.Query;

    static Core.Features.FeatureOptions FeatureOptionsOf(string bundlePath)
    {
        using var model = ModelFolder.Load(bundlePath, ModelBundle.Load);
        return model.Bundle.FeatureOptions;
    }

    /// <summary>Scores every customer (no explanations, nothing stored) into a tally per worker, then merges them.</summary>
    static DriftReport Measure(ModelBundle bundle, DriftBinner binner, ScoringInput input, DriftThresholds thresholds)
    {
        var scorer = new CustomerScorer(new LifecycleOptions());
        var total = new DriftTally(binner);
        var rows = input.Features.Rows;
        Parallel.ForEach(Partitioner(rows.Count), () => new DriftTally(binner), (range, _, tally) =>
        {
            for (var i = range.From; i < range.To; i++)
            {
                var row = rows[i].Features;
                var score = scorer.Score(bundle, row, explain: false);
                tally.Add(row, new PredictedValues(score.PredictedValue, score.ChurnProbability, score.ExpectedOrders));
            }
            return tally;
        }, tally =>
        {
            lock (total)
                total.Merge(tally);
        });
        return total.Report(thresholds);
    }

    static IEnumerable<(int From, int To)> Partitioner(int count)
    {
        const int chunk = 1024;
        for (var from = 0; from < count; from += chunk)
            yield return (from, Math.Min(count, from + chunk));
    }

    static DateOnly ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new FormatException($"--as-of: '{text}' is not a date (expected yyyy-MM-dd).");
}
