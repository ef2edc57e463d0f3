using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CustomerValue.Core.Data;
using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Monitoring;
using CustomerValue.Core.Scoring;
using CustomerValue.Core.Serving;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Training.Commands;

/// <summary>
/// <c>cvml drift</c>: how far a customer base has moved from a model's training snapshot, per input and per
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

    /// <param name="clock">Where "today" comes from: rows dated after it are rejected as future dates.</param>
    public static Command Create(TimeProvider clock)
    {
        var command = new Command("drift", "Compare a customer base with a model's training snapshot: PSI and unseen categories per input and prediction")
        {
            ModelOption, TransactionsOption, CustomersOption, SourceOption, CustomersSourceOption, AsOfOption,
            DriftOutput.WatchOption, DriftOutput.ActOption, DriftOutput.TopOption, JsonOption,
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
            var bundlePath = ModelPointer.ResolveBundle(parse.GetValue(ModelOption)!);
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
                AsOf = parse.GetValue(AsOfOption) is { } asOf ? ParseDate(asOf) : null,
                Clock = clock,
            }, model.Bundle.FeatureOptions);

            var report = Measure(model.Bundle, binner, input, thresholds);
            if (parse.GetValue(JsonOption))
                output.WriteLine(JsonSerializer.Serialize(report, DriftJson.Default.DriftReport));
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"model    {model.Info.Version}; {report.Rows:N0} customers as of {input.AsOf:yyyy-MM-dd}"));
                DriftOutput.Print(output, report, parse.GetValue(DriftOutput.TopOption));
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
